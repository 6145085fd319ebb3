package dev.sxe.format;

import java.util.Arrays;
import java.util.Optional;

/** What an entry's uncompressed payload is (manifest entry {@code sxe.kind}). */
public enum PayloadKind {
  /** One executable file. */
  BINARY("binary"),
  /** A tar stream of a directory, run through an entry point inside it or a host command. */
  TREE("tree");

  private final String label;

  PayloadKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<PayloadKind> fromLabel(String label) {
    return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
  }

  @Override
  public String toString() {
    return label;
  }
}
