package dev.sxe.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The 64-byte PBIN v1 header that follows the marker. */
public record Header(int version, int compressionId, int entryCount, long manifestSize, int flags) {

  public static final int SIZE = 64;
  public static final int VERSION = 1;
  static final byte[] MAGIC = "PBIN".getBytes(StandardCharsets.US_ASCII);

  public static Header of(Compression compression, int entryCount, int manifestSize) {
    return new Header(VERSION, compression.id(), entryCount, manifestSize, 0);
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC);
    b.putShort((short) version);
    b.put((byte) compressionId);
    b.put((byte) entryCount);
    b.putInt((int) manifestSize);
    b.putInt(flags);
    return b.array();
  }

  /** The codec, checked by {@link #parse}, so present on every parsed header. */
  public Compression compression() {
    return Compression.fromId(compressionId).orElseThrow();
  }

  static Header parse(byte[] bytes, int at, Path file) throws InvalidContainerException {
    ByteBuffer b = ByteBuffer.wrap(bytes, at, SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (byte m : MAGIC) {
      if (b.get() != m) {
        throw new InvalidContainerException(file, InvalidContainerException.Problem.BAD_MAGIC,
            "bad header magic: expected PBIN after the payload marker");
      }
    }
    int version = Short.toUnsignedInt(b.getShort());
    if (version != VERSION) {
      throw new InvalidContainerException(file, InvalidContainerException.Problem.UNSUPPORTED_VERSION,
          "unsupported PBIN version " + version + " (this reader knows version 1)");
    }
    int compression = Byte.toUnsignedInt(b.get());
    if (Compression.fromId(compression).isEmpty()) {
      throw new InvalidContainerException(file, InvalidContainerException.Problem.UNKNOWN_COMPRESSION,
          "unknown compression id " + compression + " (0 none, 1 zstd, 2 lz4)");
    }
    int entryCount = Byte.toUnsignedInt(b.get());
    long manifestSize = Integer.toUnsignedLong(b.getInt());
    int flags = b.getInt();
    if (flags != 0) {
      throw new InvalidContainerException(file, InvalidContainerException.Problem.UNSUPPORTED_FLAGS,
          String.format("unsupported header flags 0x%08x (version 1 defines none)", flags));
    }
    return new Header(version, compression, entryCount, manifestSize, flags);
  }
}
