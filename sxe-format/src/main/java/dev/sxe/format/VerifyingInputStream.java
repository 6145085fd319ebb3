package dev.sxe.format;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The uncompressed bytes of one entry. It stops with an {@link InvalidContainerException} as soon
 * as the payload runs longer than the manifest says, and at the end unless length and BLAKE3 agree,
 * so nothing read from it is to be trusted before it has returned -1.
 */
final class VerifyingInputStream extends InputStream {

  private final InputStream decoded;
  private final Path file;
  private final ManifestEntry entry;
  private final PayloadDigest digest = new PayloadDigest(false);
  private boolean verified;

  VerifyingInputStream(InputStream decoded, Path file, ManifestEntry entry) {
    this.decoded = decoded;
    this.file = file;
    this.entry = entry;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // a codec may return 0 bytes between frames
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (verified) {
      return -1;
    }
    int n;
    try {
      n = decoded.read(b, off, len);
    } catch (InvalidContainerException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidContainerException(file, Problem.CORRUPT_PAYLOAD,
          entry.target() + " payload does not decompress: " + e.getMessage(), e);
    }
    if (n < 0) {
      finish();
      return -1;
    }
    digest.update(b, off, n);
    if (digest.length() > entry.uncompressedSize()) {
      throw new InvalidContainerException(file, Problem.SIZE_MISMATCH, entry.target()
          + " payload decompresses to more than its uncompressed_size of " + entry.uncompressedSize() + " bytes");
    }
    return n;
  }

  private void finish() throws InvalidContainerException {
    if (digest.length() != entry.uncompressedSize()) {
      throw new InvalidContainerException(file, Problem.SIZE_MISMATCH, entry.target() + " payload decompresses to "
          + digest.length() + " bytes, manifest says " + entry.uncompressedSize());
    }
    String actual = digest.blake3Hex();
    if (!actual.equals(entry.checksum())) {
      throw new InvalidContainerException(file, Problem.CHECKSUM_MISMATCH, entry.target()
          + " payload BLAKE3 is " + actual + ", manifest says " + entry.checksum());
    }
    verified = true;
  }

  /** Reads to the end (verifying) whatever the caller left unread, such as tar padding. */
  void drain() throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (read(buf, 0, buf.length) >= 0) {
      // reading is the point
    }
  }

  @Override
  public void close() throws IOException {
    decoded.close();
  }
}
