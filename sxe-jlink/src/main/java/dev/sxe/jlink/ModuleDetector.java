package dev.sxe.jlink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JDK modules an application needs, from {@code jdeps} over the application jar and its
 * runtime dependencies:
 *
 * <pre>
 * jdeps --print-module-deps --ignore-missing-deps --multi-release &lt;feature&gt; \
 *       --class-path &lt;dependencies&gt; &lt;app jar&gt; &lt;dependencies...&gt;
 * </pre>
 *
 * <p>Every jar is analysed as a root, so a module needed only by a dependency is found too.
 * Classes loaded by reflection or {@link java.util.ServiceLoader} (JDBC drivers, charsets,
 * locales, TLS providers such as {@code jdk.crypto.ec}) are invisible to jdeps; add them by name.
 * An application that needs nothing beyond {@code java.base} gets {@code java.base}.
 */
public final class ModuleDetector {

  private static final String CACHE_FORMAT = "sxe-jdeps-cache 1";

  private final Jdk jdk;
  private Path cache;
  private boolean lastCached;

  public ModuleDetector(Jdk jdk) {
    this.jdk = jdk;
  }

  /**
   * Remembers answers in {@code dir}, keyed by the JDK, the content of the dependencies and the
   * packages the application jar refers to ({@link ClassReferences}), so that a code change that
   * refers to nothing new does not run jdeps (seconds) again.
   */
  public ModuleDetector cache(Path dir) {
    this.cache = dir;
    return this;
  }

  /** Whether the last {@link #detect} answer came from the cache. */
  public boolean lastCached() {
    return lastCached;
  }

  /** The sorted module names; never empty. */
  public SortedSet<String> detect(Path appJar, List<Path> dependencies) throws JlinkException {
    lastCached = false;
    if (cache == null) {
      return jdeps(appJar, dependencies);
    }
    Path entry;
    try {
      entry = cache.resolve(key(appJar, dependencies) + ".modules");
      if (Files.isRegularFile(entry)) {
        SortedSet<String> known = new TreeSet<>(List.of(Files.readString(entry, StandardCharsets.UTF_8).strip().split(",")));
        if (!known.isEmpty() && known.stream().allMatch(m -> m.matches("[\\w.]+"))) {
          lastCached = true;
          return known;
        }
      }
    } catch (IOException e) {
      throw new JlinkException("module cache " + cache + ": " + e.getMessage(), e);
    }
    SortedSet<String> found = jdeps(appJar, dependencies);
    try {
      Files.createDirectories(cache);
      Path tmp = Files.createTempFile(cache, ".tmp-", ".modules");
      Files.writeString(tmp, String.join(",", found), StandardCharsets.UTF_8);
      Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A cache that cannot be written only costs time.
    }
    return found;
  }

  private String key(Path appJar, List<Path> dependencies) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    d.update((CACHE_FORMAT + "\0" + jdk.version() + "\0").getBytes(StandardCharsets.UTF_8));
    d.update(jdk.releaseBytes());
    d.update(("\0app " + String.join(" ", ClassReferences.packages(appJar)) + "\0").getBytes(StandardCharsets.UTF_8));
    for (Path dep : dependencies) {
      d.update(("dep " + Files.size(dep) + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(dep)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          d.update(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private SortedSet<String> jdeps(Path appJar, List<Path> dependencies) throws JlinkException {
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
        "--multi-release", Integer.toString(jdk.feature())));
    if (!dependencies.isEmpty()) {
      args.add("--class-path");
      args.add(String.join(java.io.File.pathSeparator, dependencies.stream().map(Path::toString).toList()));
    }
    args.add(appJar.toString());
    dependencies.forEach(d -> args.add(d.toString()));
    Path jdeps = Path.of("jdeps");
    Tool.Result r = Tool.run(jdk, "jdeps", args);
    if (r.exitCode() != 0) {
      throw new JlinkException(Tool.describe(jdeps, args, r)
          + "\nName the modules yourself to skip detection");
    }
    return parse(r.stdout());
  }

  /** jdeps prints one comma-separated line; warnings may come before it. */
  static SortedSet<String> parse(String output) {
    SortedSet<String> modules = new TreeSet<>();
    String[] lines = output.strip().split("\\R");
    String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    if (last.matches("[\\w.]+(,[\\w.]+)*")) {
      for (String m : last.split(",")) {
        modules.add(m.strip());
      }
    }
    if (modules.isEmpty()) {
      modules.add("java.base");
    }
    return modules;
  }
}
