package dev.sxe.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The compression byte of the PBIN header; one codec per container. */
public enum Compression {
  NONE(0, "none", 0, 0, 0),
  ZSTD(1, "zstd", 1, 22, 19),
  LZ4(2, "lz4", 1, 12, 9);

  private final int id;
  private final String label;
  private final int minLevel;
  private final int maxLevel;
  private final int defaultLevel;

  Compression(int id, String label, int minLevel, int maxLevel, int defaultLevel) {
    this.id = id;
    this.label = label;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
    this.defaultLevel = defaultLevel;
  }

  public int id() {
    return id;
  }

  public String label() {
    return label;
  }

  public int minLevel() {
    return minLevel;
  }

  public int maxLevel() {
    return maxLevel;
  }

  public int defaultLevel() {
    return defaultLevel;
  }

  public static Optional<Compression> fromId(int id) {
    return Arrays.stream(values()).filter(c -> c.id == id).findFirst();
  }

  public static Compression parse(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(c -> c.label.equals(l))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown compression '" + label + "'; expected zstd, lz4 or none"));
  }

  @Override
  public String toString() {
    return label;
  }
}
