package dev.sxe.jlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A linked runtime: a directory with {@code bin/java}, {@code lib/modules} and, when
 * {@code cds}, the default class-data-sharing archive {@code lib/server/classes.jsa}.
 *
 * @param home the image directory (in the cache: do not modify it)
 * @param modules the root modules it was linked with
 * @param version the Java version of the image
 * @param platform {@code os-arch} of its native code, when the JDK's release file says
 * @param key the cache key (SHA-256 of JDK, modules and options)
 * @param cached true when it came from the cache without running jlink
 * @param cds true when it holds the default CDS archive
 */
public record RuntimeImage(Path home, List<String> modules, Runtime.Version version, String platform, String key,
    boolean cached, boolean cds) {

  public RuntimeImage {
    modules = List.copyOf(modules);
  }

  /** {@code bin/java} inside the image, relative to its home, with {@code /}. */
  public String javaPath() {
    return platform != null && platform.startsWith("windows") ? "bin/java.exe" : "bin/java";
  }

  /**
   * JVM options that make warm starts use an application class-data archive created on the
   * first run, in {@code dir} (a directory the program can write, such as {@code ${SXE_HOME}}):
   * {@code -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=dir/app.jsa} on JDK 19+ with
   * the default CDS archive present (the dynamic archive is layered on it); none otherwise.
   * {@code -Xlog:cds*=off} keeps the JVM from printing, when it writes the archive, a warning per
   * class it cannot archive (classes of old class-file versions, proxies): the program's output
   * must not change on its first run. An unwritable directory only means no archive.
   */
  public List<String> appCdsOptions(String dir) {
    if (!cds || version.feature() < 19) {
      return List.of();
    }
    return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir + "/app.jsa", "-Xlog:cds*=off");
  }

  /**
   * Puts the image's files under {@code dir} (which must not exist), as hard links where the file
   * system allows (instant, no space), else as copies. Files keep their execute bits.
   */
  public void installInto(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(home)) {
      paths = walk.toList();
    }
    boolean link = true;
    for (Path src : paths) {
      Path dst = dir.resolve(home.relativize(src).toString());
      if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dst);
      } else if (Files.isSymbolicLink(src)) {
        Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
      } else {
        if (link) {
          try {
            Files.createLink(dst, src);
            continue;
          } catch (IOException | UnsupportedOperationException e) {
            link = false;
          }
        }
        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
