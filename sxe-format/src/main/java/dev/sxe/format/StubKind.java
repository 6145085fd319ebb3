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

  @Override
  public String toString() {
    return label;
  }
}
