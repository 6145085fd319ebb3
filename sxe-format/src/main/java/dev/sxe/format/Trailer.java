package dev.sxe.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The sxe trailer: the last 32 bytes of a container, so a reader (the native launcher above
 * all) finds the header in O(1) instead of scanning the file for the marker.
 */
public record Trailer(long markerOffset, long headerAndManifestLength, int crc32c, int version) {

  public static final int SIZE = 32;
  public static final int VERSION = 1;
  static final byte[] MAGIC = "SXETRAIL".getBytes(StandardCharsets.US_ASCII);

  static Trailer describing(long markerOffset, byte[] header, byte[] manifest) {
    CRC32C crc = new CRC32C();
    crc.update(header);
    crc.update(manifest);
    return new Trailer(markerOffset, header.length + (long) manifest.length, (int) crc.getValue(), VERSION);
  }

  byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC);
    b.putLong(markerOffset);
    b.putLong(headerAndManifestLength);
    b.putInt(crc32c);
    b.putShort((short) version);
    b.putShort((short) 0);
    return b.array();
  }

  static boolean hasMagic(byte[] last32) {
    return last32.length == SIZE && Arrays.equals(last32, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  static Trailer parse(byte[] last32) {
    ByteBuffer b = ByteBuffer.wrap(last32).order(ByteOrder.LITTLE_ENDIAN);
    b.position(MAGIC.length);
    long marker = b.getLong();
    long length = b.getLong();
    int crc = b.getInt();
    int version = Short.toUnsignedInt(b.getShort());
    return new Trailer(marker, length, crc, version);
  }

  boolean matches(byte[] headerAndManifest) {
    CRC32C crc = new CRC32C();
    crc.update(headerAndManifest);
    return (int) crc.getValue() == crc32c;
  }
}
