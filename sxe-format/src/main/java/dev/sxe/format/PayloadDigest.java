package dev.sxe.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.codec.digest.Blake3;

/**
 * BLAKE3 (the manifest checksum) and, when asked, SHA-256 (for shells without b3sum) of an
 * uncompressed payload, fed as it streams past, with its length.
 */
final class PayloadDigest {

  private final Blake3 blake3 = Blake3.initHash();
  private final MessageDigest sha256;
  private long length;

  PayloadDigest(boolean withSha256) {
    try {
      sha256 = withSha256 ? MessageDigest.getInstance("SHA-256") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  void update(byte[] b, int off, int len) {
    blake3.update(b, off, len);
    if (sha256 != null) {
      sha256.update(b, off, len);
    }
    length += len;
  }

  long length() {
    return length;
  }

  String blake3Hex() {
    return HexFormat.of().formatHex(blake3.doFinalize(32));
  }

  String sha256Hex() {
    return sha256 == null ? null : HexFormat.of().formatHex(sha256.digest());
  }

  /** Hashes what is written, then passes it on. */
  static final class Tee extends java.io.FilterOutputStream {
    private final PayloadDigest digest;

    Tee(java.io.OutputStream out, PayloadDigest digest) {
      super(out);
      this.digest = digest;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      digest.update(b, off, len);
      out.write(b, off, len);
    }
  }
}
