package dev.sxe.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.commons.codec.digest.Blake3;

/**
 * Assembles PBIN v1 files by hand from the spec's tables, independently of the library's writer,
 * so the reader is tested against the spec rather than against itself.
 */
final class PbinFiles {

  static final String STUB = "#!/bin/sh\n:; echo 'a PBIN stub written by hand'\n:; exit 1\n";

  private PbinFiles() {}

  static String blake3(byte[] data) {
    return HexFormat.of().formatHex(Blake3.hash(data));
  }

  /** Header per the spec: magic, version u16, compression u8, entry_count u8, manifest_size u32, flags u32, 48 zeros. */
  static byte[] header(int version, int compression, int entryCount, long manifestSize, int flags) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put("PBIN".getBytes(StandardCharsets.US_ASCII)).putShort((short) version).put((byte) compression).put((byte) entryCount)
        .putInt((int) manifestSize).putInt(flags);
    return b.array();
  }

  /** Offset at which payloads start for a given stub, marker length and manifest. */
  static int payloadStart(int markerLength, String manifest) {
    return STUB.length() + markerLength + 64 + manifest.getBytes(StandardCharsets.UTF_8).length;
  }

  static byte[] assemble(boolean newlineAfterMarker, byte[] header, String manifest, byte[]... payloads) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(STUB.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("__PBIN_PAYLOAD__".getBytes(StandardCharsets.US_ASCII));
    if (newlineAfterMarker) {
      out.write('\n');
    }
    out.writeBytes(header);
    out.writeBytes(manifest.getBytes(StandardCharsets.UTF_8));
    for (byte[] p : payloads) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * A one-entry manifest whose offset is filled in once its own length is known (offsets are
   * absolute, so the manifest's length is part of its content).
   */
  static String oneEntryManifest(int markerLength, String target, byte[] compressed, byte[] original) {
    String template = "{\"name\":\"hand\",\"version\":\"1.0.0\",\"entries\":[{\"target\":\"" + target + "\",\"offset\":%d,"
        + "\"compressed_size\":" + compressed.length + ",\"uncompressed_size\":" + original.length + ",\"checksum\":\"" + blake3(original) + "\"}]}";
    int offset = 0;
    for (int i = 0; i < 5; i++) {
      offset = payloadStart(markerLength, String.format(template, offset));
    }
    return String.format(template, offset);
  }
}
