package dev.sxe.format;

import java.nio.charset.StandardCharsets;

/** What sits in front of the marker, as far as its first bytes tell. */
public enum StubKind {
  /** sxe's native launcher or another executable (ELF, PE or Mach-O). */
  NATIVE("native"),
  /** sxe's polyglot sh/cmd script. */
  POLYGLOT("polyglot"),
  /** Another script, such as the PBIN reference stub. */
  SCRIPT("script"),
  /** Anything else, including no stub at all. */
  UNKNOWN("unknown");

  static final String POLYGLOT_SIGNATURE = "# sxe polyglot stub ";

  private final String label;

  StubKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static StubKind detect(byte[] head) {
    if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return NATIVE;
    }
    if (head.length >= 2 && head[0] == 'M' && head[1] == 'Z') {
      return NATIVE;
    }
    if (head.length >= 4) {
      int le = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
      if (le == 0xfeedfacf || le == 0xfeedface) {
        return NATIVE;
      }
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (text.contains(POLYGLOT_SIGNATURE)) {
      return POLYGLOT;
    }
    if (text.startsWith("#!") || text.startsWith(":") || text.startsWith("@")) {
      return SCRIPT;
    }
    return UNKNOWN;
  }

  /**
   * The platform an executable stub was built for, read from its ELF, PE or Mach-O header (ELF is
   * taken as Linux, the only ELF platform among the seven targets).
   */
  static java.util.Optional<Target> executableTarget(byte[] head) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    String os = null;
    String arch = null;
    if (head.length >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      os = "linux";
      arch = switch (b.getShort(18)) {
        case 62 -> "x86_64";
        case 183 -> "aarch64";
        case 243 -> "riscv64";
        default -> null;
      };
    } else if (head.length >= 0x40 && head[0] == 'M' && head[1] == 'Z') {
      int pe = b.getInt(0x3c);
      if (pe > 0 && pe + 6 <= head.length && head[pe] == 'P' && head[pe + 1] == 'E') {
        os = "windows";
        arch = switch (b.getShort(pe + 4) & 0xffff) {
          case 0x8664 -> "x86_64";
          case 0xaa64 -> "aarch64";
          default -> null;
        };
      }
    } else if (head.length >= 8 && b.getInt(0) == 0xfeedfacf) {
      os = "darwin";
      arch = switch (b.getInt(4)) {
        case 0x01000007 -> "x86_64";
        case 0x0100000c -> "aarch64";
        default -> null;
      };
    }
    return os == null || arch == null ? java.util.Optional.empty() : Target.fromId(os + "-" + arch);
  }

  @Override
  public String toString() {
    return label;
  }
}
