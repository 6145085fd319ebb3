package dev.sxe.format;

import java.util.Arrays;
import java.util.Optional;

/** The seven platform identifiers of PBIN v1. */
public enum Target {
  LINUX_X86_64("linux-x86_64"),
  LINUX_AARCH64("linux-aarch64"),
  LINUX_RISCV64("linux-riscv64"),
  DARWIN_X86_64("darwin-x86_64"),
  DARWIN_AARCH64("darwin-aarch64"),
  WINDOWS_X86_64("windows-x86_64"),
  WINDOWS_AARCH64("windows-aarch64");

  private final String id;

  Target(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public String os() {
    return id.substring(0, id.indexOf('-'));
  }

  public String arch() {
    return id.substring(id.indexOf('-') + 1);
  }

  public static Optional<Target> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  /** Like {@link #fromId} but for configuration: the message lists the valid identifiers. */
  public static Target parse(String id) {
    return fromId(id)
        .orElseThrow(() -> new IllegalArgumentException("unknown target '" + id + "'; expected one of " + idList()));
  }

  public static String idList() {
    return String.join(", ", Arrays.stream(values()).map(Target::id).toArray(String[]::new));
  }

  /** The target of the JVM this runs on, if it is one of the seven. */
  public static Optional<Target> current() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : null;
    String a = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      case "riscv64" -> "riscv64";
      default -> null;
    };
    return o == null || a == null ? Optional.empty() : fromId(o + "-" + a);
  }

  @Override
  public String toString() {
    return id;
  }
}
