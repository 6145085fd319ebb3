package dev.sxe.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The static native launcher for one target, written in front of the marker. It carries its own
 * zstd, LZ4 and BLAKE3, so the host needs nothing installed; it finds the header through the
 * trailer, so it needs no offsets baked in and renders the same bytes for every container.
 */
public final class NativeLauncher implements Stub {

  private static final String RESOURCE = "/dev/sxe/launcher/sxe-launcher-";

  private final Target target;
  private final byte[] bytes;

  private NativeLauncher(Target target, byte[] bytes) {
    this.target = target;
    this.bytes = bytes;
  }

  /** The launcher built into this library for {@code target}, if the build had a toolchain for it. */
  public static Optional<NativeLauncher> forTarget(Target target) {
    try (InputStream in = NativeLauncher.class.getResourceAsStream(RESOURCE + target.id())) {
      return in == null ? Optional.empty() : Optional.of(new NativeLauncher(target, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A launcher built elsewhere, for example by a cross toolchain. */
  public static NativeLauncher fromFile(Target target, Path file) throws IOException {
    return new NativeLauncher(target, Files.readAllBytes(file));
  }

  public static Set<Target> available() {
    Set<Target> set = EnumSet.noneOf(Target.class);
    Arrays.stream(Target.values()).filter(t -> forTarget(t).isPresent()).forEach(set::add);
    return set;
  }

  public Target target() {
    return target;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** BLAKE3 of the launcher, so builds can tell when it changed. */
  public String checksum() {
    PayloadDigest d = new PayloadDigest(false);
    d.update(bytes, 0, bytes.length);
    return d.blake3Hex();
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public StubKind kind() {
    return StubKind.NATIVE;
  }

  @Override
  public byte[] render(Manifest manifest, Compression compression, long headerOffset) {
    return bytes.clone();
  }
}
