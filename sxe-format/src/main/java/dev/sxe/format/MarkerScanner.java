package dev.sxe.format;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Finds the marker in a PBIN file without an sxe trailer: the first occurrence followed by the
 * header magic, directly or after one newline (PBIN's text calls the marker 17 bytes; its
 * reference writes 16). Reads in 1 MiB blocks, so a large file is scanned in constant memory.
 */
final class MarkerScanner {

  private static final byte[] MARKER = ContainerBuilder.MARKER;
  private static final byte[] MAGIC = "PBIN".getBytes(StandardCharsets.US_ASCII);
  private static final int BLOCK = 1 << 20;

  private MarkerScanner() {}

  /** Returns {marker offset, marker length (16 or 17)}. */
  static long[] find(FileChannel ch, long size, Path file) throws IOException {
    int overlap = MARKER.length + 1 + MAGIC.length;
    ByteBuffer buf = ByteBuffer.allocate(BLOCK + overlap);
    byte[] a = buf.array();
    long base = 0;
    long firstWithoutHeader = -1;
    while (base < size) {
      int want = (int) Math.min(a.length, size - base);
      buf.clear().limit(want);
      while (buf.hasRemaining()) {
        if (ch.read(buf, base + buf.position()) < 0) {
          break;
        }
      }
      int have = buf.position();
      for (int i = 0; i + MARKER.length <= have; i++) {
        if (a[i] != '_' || !matches(a, i, MARKER, have)) {
          continue;
        }
        int after = i + MARKER.length;
        if (matches(a, after, MAGIC, have)) {
          return new long[] {base + i, MARKER.length};
        }
        if (after < have && a[after] == '\n' && matches(a, after + 1, MAGIC, have)) {
          return new long[] {base + i, MARKER.length + 1};
        }
        if (after + 1 + MAGIC.length <= have || base + have >= size) {
          if (firstWithoutHeader < 0) {
            firstWithoutHeader = base + i;
          }
        }
      }
      if (base + have >= size) {
        break;
      }
      base += have - overlap;
    }
    if (firstWithoutHeader >= 0) {
      throw new InvalidContainerException(file, Problem.BAD_MAGIC,
          "payload marker at offset " + firstWithoutHeader + " is not followed by a PBIN header");
    }
    throw new InvalidContainerException(file, Problem.BAD_MARKER, "no sxe trailer and no PBIN payload marker: not a PBIN container");
  }

  private static boolean matches(byte[] a, int at, byte[] what, int limit) {
    if (at + what.length > limit) {
      return false;
    }
    for (int k = 0; k < what.length; k++) {
      if (a[at + k] != what[k]) {
        return false;
      }
    }
    return true;
  }
}
