package dev.sxe.maven;

import java.util.Locale;

/** Byte counts for people. */
final class Sizes {

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Compressed size as a percentage of the original, e.g. {@code 31.4%}. */
  static String ratio(long compressed, long uncompressed) {
    if (uncompressed <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * compressed / uncompressed);
  }
}
