package dev.sxe.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a container was built from: the sxe version, every parameter and the content of every
 * input file, hashed into one SHA-256. It is stored beside the build with the size and mtime of
 * the output it produced; when both still match, the package goal has nothing to do.
 *
 * <p>Inputs are hashed by content, not mtime, so a {@code clean package} that rebuilds an
 * identical jar (reproducible builds) still counts as up to date.
 */
public final class BuildFingerprint {

  private final MessageDigest digest;

  public BuildFingerprint() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public BuildFingerprint param(String name, Object value) {
    text("param " + name + "=" + value);
    return this;
  }

  public BuildFingerprint file(String label, Path file) throws IOException {
    text("file " + label + " " + Files.size(file));
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return this;
  }

  private void text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    digest.update(b);
    digest.update((byte) 0);
  }

  /** The hex digest; the fingerprint cannot be extended afterwards. */
  public String value() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** True when {@code record} holds {@code value} and {@code output} is still the file it describes. */
  public static boolean upToDate(Path record, String value, Path output) throws IOException {
    if (!Files.isRegularFile(record) || !Files.isRegularFile(output)) {
      return false;
    }
    List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
    return lines.equals(describe(value, output));
  }

  public static void write(Path record, String value, Path output) throws IOException {
    Files.createDirectories(record.getParent());
    Files.write(record, describe(value, output), StandardCharsets.UTF_8);
  }

  private static List<String> describe(String value, Path output) throws IOException {
    return List.of(value, "size " + Files.size(output), "mtime " + Files.getLastModifiedTime(output).toMillis());
  }
}
