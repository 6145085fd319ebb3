package dev.sxe.jlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Links trimmed runtimes with {@code jlink} and keeps them in a cache, so that a build whose
 * JDK, modules and options did not change reuses the image instead of linking again:
 *
 * <pre>
 * jlink [--module-path &lt;jdk&gt;/jmods] --add-modules m1,m2 --strip-debug --no-header-files
 *       --no-man-pages [--generate-cds-archive] --output &lt;cache&gt;/.tmp-.../image
 * </pre>
 *
 * <p>No jlink compression: the container's zstd compresses raw bytes much better than it
 * compresses jlink's zip-compressed {@code lib/modules}. {@code --module-path} is given when the
 * JDK has {@code jmods/}; without them (JDK 24+ builds with a linkable run-time image, JEP 493,
 * such as Temurin 25) jlink links from the JDK's own run-time image, which works only for the
 * JDK's own platform. With {@code cds} (the default) the image carries the default CDS archive
 * ({@code lib/server/classes.jsa}); without it a jlinked runtime starts markedly slower. The
 * no-compressed-oops variant jlink also writes on x86_64 and aarch64 (only used with heaps over
 * 32 GiB) is removed: it would add megabytes to every file. With {@link #stripNativeSymbols}
 * the native libraries lose their symbol tables.
 *
 * <p>Cache entries are {@code <root>/<key>}, key = SHA-256 of the linking and target JDKs'
 * {@code release} files and versions, the sorted modules and the options. An entry is linked in
 * {@code <root>/.tmp-*} and published with one rename, so a crash or a concurrent build never
 * leaves a half image under a key.
 */
public final class JlinkRunner {

  /** Bumped when what is linked for the same key changes. */
  private static final String CACHE_FORMAT = "sxe-jlink-cache 1";
  private static final List<String> BASE_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages");

  private final Jdk linker;
  private final Path cacheRoot;
  private boolean cds = true;
  private boolean stripNativeSymbols;
  private Consumer<String> log = s -> {};

  /**
   * @param linker the JDK whose {@code jlink} runs
   * @param cacheRoot directory of the cached images, created when needed
   */
  public JlinkRunner(Jdk linker, Path cacheRoot) {
    this.linker = Objects.requireNonNull(linker);
    this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
  }

  /** {@code $XDG_CACHE_HOME/sxe-build/jlink}, else {@code ~/.cache/sxe-build/jlink}. */
  public static Path defaultCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("sxe-build").resolve("jlink");
  }

  /** Whether images carry the default CDS archive (default true; never when cross-linking). */
  public JlinkRunner cds(boolean on) {
    this.cds = on;
    return this;
  }

  /**
   * Whether to remove the symbol tables of the image's native libraries and launchers
   * ({@code strip --strip-unneeded}, as Linux distributions package shared libraries; the
   * dynamic symbols stay). It saves about 0.8 MB compressed on JDK 17's libjvm.so; the price is
   * that a JVM crash log names native frames by offset only. Linux images of the build's own
   * platform only, and only when {@code strip} is on the PATH (default false).
   */
  public JlinkRunner stripNativeSymbols(boolean on) {
    this.stripNativeSymbols = on;
    return this;
  }

  public JlinkRunner log(Consumer<String> sink) {
    this.log = sink;
    return this;
  }

  public Path cacheRoot() {
    return cacheRoot;
  }

  /** A runtime of {@code modules} for the linking JDK's own platform. */
  public RuntimeImage link(Collection<String> modules) throws JlinkException {
    return link(modules, linker);
  }

  /**
   * A runtime of {@code modules} built from {@code target}'s modules. When {@code target} is not
   * the linking JDK it must have {@code jmods/} (cross-linking, e.g. for another platform), and
   * no CDS archive is generated: that would run the target's {@code java}.
   */
  public RuntimeImage link(Collection<String> modules, Jdk target) throws JlinkException {
    SortedSet<String> mods = new TreeSet<>(modules);
    if (mods.isEmpty()) {
      throw new JlinkException("no modules to link; at least java.base");
    }
    boolean cross = !target.home().equals(linker.home());
    if (cross && !target.hasJmods()) {
      throw new JlinkException("JDK at " + target.home() + " has no jmods; it cannot link for another platform");
    }
    if (cross && target.feature() != linker.feature()) {
      throw new JlinkException("JDK at " + target.home() + " is Java " + target.version() + " but jlink at " + linker.home()
          + " is Java " + linker.version() + "; jlink links only modules of its own version");
    }
    if (!cross && !target.hasJmods() && linker.feature() < 24) {
      throw new JlinkException("JDK at " + target.home() + " has no jmods and, being Java " + linker.version()
          + ", cannot link from its run-time image; install its jmods (Debian: openjdk-" + linker.feature() + "-jmods)");
    }
    List<String> options = new ArrayList<>();
    if (target.hasJmods()) {
      options.add("--module-path");
      options.add(target.jmods().toString());
    }
    options.add("--add-modules");
    options.add(String.join(",", mods));
    options.addAll(BASE_OPTIONS);
    boolean withCds = cds && !cross;
    if (withCds) {
      options.add("--generate-cds-archive");
    }
    Optional<Path> strip = stripNativeSymbols && !cross && target.platform().orElse("").startsWith("linux") ? onPath("strip") : Optional.empty();
    if (stripNativeSymbols && strip.isEmpty()) {
      log.accept("jlink: not stripping native symbols (" + (cross ? "another platform" : "no strip on the PATH or not Linux") + ")");
    }
    String key = key(target, mods, withCds, strip.isPresent());
    String platform = target.platform().orElse(null);
    Path entry = cacheRoot.resolve(key);
    if (Files.isRegularFile(entry.resolve("bin").resolve(javaName(platform)))) {
      log.accept("jlink: cached runtime " + entry + " (" + String.join(",", mods) + ")");
      return new RuntimeImage(entry, List.copyOf(mods), target.version(), platform, key, true, withCds);
    }
    Path tmp;
    try {
      Files.createDirectories(cacheRoot);
      tmp = Files.createTempDirectory(cacheRoot, ".tmp-" + key.substring(0, 12) + "-");
    } catch (IOException e) {
      throw new JlinkException("cannot create the jlink cache " + cacheRoot + ": " + e.getMessage(), e);
    }
    try {
      Path image = tmp.resolve("image");
      List<String> args = new ArrayList<>(options);
      args.add("--output");
      args.add(image.toString());
      log.accept("jlink: linking " + String.join(",", mods) + " from " + target + (cross ? " with jlink of " + linker : ""));
      long start = System.nanoTime();
      Path jlink = linker.tool("jlink");
      Tool.Result r = Tool.run(jlink, args);
      if (r.exitCode() != 0) {
        throw new JlinkException(Tool.describe(jlink, args, r));
      }
      removeNoCoopsArchive(image);
      if (strip.isPresent()) {
        stripSymbols(strip.get(), image);
      }
      log.accept(String.format("jlink: linked in %.1f s", (System.nanoTime() - start) / 1e9));
      publish(image, entry);
      return new RuntimeImage(entry, List.copyOf(mods), target.version(), platform, key, false, withCds);
    } catch (IOException e) {
      throw new JlinkException("jlink cache " + cacheRoot + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static String javaName(String platform) {
    return platform != null && platform.startsWith("windows") ? "java.exe" : "java";
  }

  private String key(Jdk target, SortedSet<String> mods, boolean withCds, boolean stripped) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String s : List.of(CACHE_FORMAT, "linker " + linker.version(), "target " + target.version(),
          "modules " + String.join(",", mods), ("options " + String.join(" ", BASE_OPTIONS)), "cds " + withCds, "strip-native-symbols " + stripped)) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      d.update(linker.releaseBytes());
      d.update((byte) 0);
      d.update(target.releaseBytes());
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** {@code strip --strip-unneeded} on every shared library and launcher of the image. */
  private void stripSymbols(Path strip, Path image) throws IOException, JlinkException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(image)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".so") || p.getParent().getFileName().toString().equals("bin")) {
          p.toFile().setWritable(true, true);
          files.add(p.toString());
        }
      }
    }
    if (files.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(List.of("--strip-unneeded"));
    args.addAll(files);
    Tool.Result r = Tool.run(strip, args);
    if (r.exitCode() != 0) {
      throw new JlinkException(Tool.describe(strip, List.of("--strip-unneeded", "..."), r));
    }
  }

  private static void removeNoCoopsArchive(Path image) throws IOException {
    try (Stream<Path> s = Files.walk(image.resolve("lib"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("classes_nocoops.jsa")).toList()) {
        Files.delete(p);
      }
    }
  }

  private void publish(Path image, Path entry) throws IOException {
    try {
      Files.move(image, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // Another build published the same key first: its image is as good as ours.
      log.accept("jlink: " + entry + " was published concurrently; using it");
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(image, entry);
    }
  }

  /** The cached image for a key, if present. */
  public Optional<Path> cached(String key) {
    Path p = cacheRoot.resolve(key);
    return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover .tmp-* directory is harmless
    }
  }
}
