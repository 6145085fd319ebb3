package dev.sxe.format;

/**
 * Codec, level and (zstd only) long-distance window of a container.
 *
 * <p>The window is capped at 2^27 because that is what every zstd decoder accepts without
 * extra flags, the native launcher included.
 */
public record CompressionSettings(Compression compression, int level, int longWindowLog) {

  public static final int MAX_WINDOW_LOG = 27;

  public CompressionSettings {
    if (compression == null) {
      throw new IllegalArgumentException("compression must be set");
    }
    if (compression != Compression.NONE && (level < compression.minLevel() || level > compression.maxLevel())) {
      throw new IllegalArgumentException("level " + level + " is out of range for " + compression + " ("
          + compression.minLevel() + " to " + compression.maxLevel() + ")");
    }
    if (longWindowLog != 0) {
      if (compression != Compression.ZSTD) {
        throw new IllegalArgumentException("a long window only applies to zstd, not " + compression);
      }
      if (longWindowLog < 10 || longWindowLog > MAX_WINDOW_LOG) {
        throw new IllegalArgumentException("long window log " + longWindowLog + " is out of range (10 to " + MAX_WINDOW_LOG + ")");
      }
    }
  }

  public static CompressionSettings zstd(int level) {
    return new CompressionSettings(Compression.ZSTD, level, 0);
  }

  public static CompressionSettings zstdLong(int level, int windowLog) {
    return new CompressionSettings(Compression.ZSTD, level, windowLog);
  }

  public static CompressionSettings lz4(int level) {
    return new CompressionSettings(Compression.LZ4, level, 0);
  }

  public static CompressionSettings none() {
    return new CompressionSettings(Compression.NONE, 0, 0);
  }

  /** zstd level 19 with a 2^27 window: the best ratio on large executables at a modest decode cost. */
  public static CompressionSettings defaults() {
    return zstdLong(Compression.ZSTD.defaultLevel(), MAX_WINDOW_LOG);
  }

  @Override
  public String toString() {
    return switch (compression) {
      case NONE -> "none";
      case LZ4 -> "lz4 -" + level;
      case ZSTD -> "zstd -" + level + (longWindowLog > 0 ? " --long=" + longWindowLog : "");
    };
  }
}
