package dev.sxe.jlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JDK installation: its home, tools, whether it has {@code jmods/}, and what its {@code release}
 * file says (version, OS and architecture).
 *
 * <p>A JDK with {@code jmods/} links for any platform whose {@code jmods/} it is given; a JDK
 * without them (JEP 493, JDK 24+ builds such as Temurin 25) links only from its own run-time
 * image, so only for its own platform.
 */
public final class Jdk {

  private final Path home;
  private final byte[] releaseBytes;
  private final Map<String, String> release;
  private final Runtime.Version version;

  private Jdk(Path home, byte[] releaseBytes, Map<String, String> release, Runtime.Version version) {
    this.home = home;
    this.releaseBytes = releaseBytes;
    this.release = release;
    this.version = version;
  }

  /**
   * The JDK at {@code home}; it must have a {@code release} file with {@code JAVA_VERSION}.
   *
   * @throws JlinkException when {@code home} is not a JDK home
   */
  public static Jdk at(Path home) throws JlinkException {
    Path h = home.toAbsolutePath().normalize();
    Path releaseFile = h.resolve("release");
    if (!Files.isRegularFile(releaseFile)) {
      throw new JlinkException(h + " is not a JDK home: it has no release file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(releaseFile);
    } catch (IOException e) {
      throw new JlinkException(releaseFile + ": " + e.getMessage(), e);
    }
    Map<String, String> props = parseRelease(new String(bytes, StandardCharsets.UTF_8));
    String v = props.get("JAVA_VERSION");
    if (v == null) {
      throw new JlinkException(releaseFile + " has no JAVA_VERSION");
    }
    Runtime.Version version;
    try {
      version = Runtime.Version.parse(v);
    } catch (IllegalArgumentException e) {
      throw new JlinkException(releaseFile + ": JAVA_VERSION '" + v + "' is not a Java version", e);
    }
    return new Jdk(h, bytes, props, version);
  }

  /** The JDK this code runs on ({@code java.home}). */
  public static Jdk current() throws JlinkException {
    return at(Path.of(System.getProperty("java.home")));
  }

  static Map<String, String> parseRelease(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq <= 0 || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      m.put(line.substring(0, eq).trim(), value);
    }
    return m;
  }

  public Path home() {
    return home;
  }

  public Runtime.Version version() {
    return version;
  }

  public int feature() {
    return version.feature();
  }

  /** The {@code release} file's bytes, for cache keys: a different build is a different runtime. */
  byte[] releaseBytes() {
    return releaseBytes.clone();
  }

  public Optional<String> releaseProperty(String key) {
    return Optional.ofNullable(release.get(key));
  }

  /**
   * The platform the JDK's native code is for, as {@code os-arch} with sxe's names
   * ({@code linux-x86_64}, {@code darwin-aarch64}...), from {@code OS_NAME} and {@code OS_ARCH}.
   */
  public Optional<String> platform() {
    String os = release.getOrDefault("OS_NAME", "").toLowerCase(Locale.ROOT);
    String arch = release.getOrDefault("OS_ARCH", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("darwin") || os.startsWith("mac") ? "darwin"
        : os.startsWith("windows") ? "windows" : null;
    String a = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      case "riscv64" -> "riscv64";
      default -> null;
    };
    return o == null || a == null ? Optional.empty() : Optional.of(o + "-" + a);
  }

  public Path jmods() {
    return home.resolve("jmods");
  }

  /** True when {@code jmods/} holds {@code java.base.jmod}. */
  public boolean hasJmods() {
    return Files.isRegularFile(jmods().resolve("java.base.jmod"));
  }

  /** Tool {@code name} in {@code bin/} ({@code java}, {@code jlink}, {@code jdeps}). */
  public Path tool(String name) throws JlinkException {
    Path exe = home.resolve("bin").resolve(name);
    Path win = home.resolve("bin").resolve(name + ".exe");
    if (Files.isExecutable(exe)) {
      return exe;
    }
    if (Files.isExecutable(win)) {
      return win;
    }
    throw new JlinkException(home + " has no bin/" + name + "; a full JDK is needed, not a JRE");
  }

  @Override
  public String toString() {
    return "JDK " + version + " at " + home;
  }
}
