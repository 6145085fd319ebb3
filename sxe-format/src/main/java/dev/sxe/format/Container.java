package dev.sxe.format;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An open container: any PBIN v1 file, with or without the sxe trailer and manifest extension.
 * Opening reads only the trailer, header and manifest (a scan for the marker when there is no
 * trailer) and checks their consistency; payloads are read, decompressed and verified as streams.
 */
public final class Container implements Closeable {

  /** A reader accepts manifests up to this size, so a hostile header cannot make it allocate more. */
  public static final int MAX_MANIFEST_SIZE = 16 << 20;
  private static final int STUB_SNIFF = 4096;

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final long markerOffset;
  private final int markerLength;
  private final Header header;
  private final Manifest manifest;
  private final Trailer trailer;
  private final StubKind stubKind;
  private final Target stubTarget;

  private Container(Path file, FileChannel channel, long fileSize, long markerOffset, int markerLength, Header header,
      Manifest manifest, Trailer trailer, StubKind stubKind, Target stubTarget) {
    this.file = file;
    this.channel = channel;
    this.fileSize = fileSize;
    this.markerOffset = markerOffset;
    this.markerLength = markerLength;
    this.header = header;
    this.manifest = manifest;
    this.trailer = trailer;
    this.stubKind = stubKind;
    this.stubTarget = stubTarget;
  }

  public static Container open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return read(file, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static Container read(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    int minimum = ContainerBuilder.MARKER.length + Header.SIZE;
    if (size < minimum) {
      throw new InvalidContainerException(file, Problem.TRUNCATED,
          "file is " + size + " bytes, too short to hold a PBIN marker and header (" + minimum + ")");
    }
    Trailer trailer = null;
    long markerOffset;
    int markerLength;
    if (size >= minimum + Trailer.SIZE) {
      byte[] last = readFully(ch, size - Trailer.SIZE, Trailer.SIZE, file);
      if (Trailer.hasMagic(last)) {
        trailer = Trailer.parse(last);
      }
    }
    long regionEnd = trailer == null ? size : size - Trailer.SIZE;
    Header header;
    byte[] manifestBytes;
    if (trailer != null) {
      if (trailer.version() != Trailer.VERSION) {
        throw new InvalidContainerException(file, Problem.BAD_TRAILER, "unsupported trailer version " + trailer.version());
      }
      long len = trailer.headerAndManifestLength();
      if (trailer.markerOffset() < 0 || len < Header.SIZE || len > Header.SIZE + (long) MAX_MANIFEST_SIZE
          || trailer.markerOffset() + ContainerBuilder.MARKER.length + len > regionEnd) {
        throw new InvalidContainerException(file, Problem.BAD_TRAILER,
            "trailer points at bytes " + trailer.markerOffset() + "+" + len + ", outside the file: it is truncated or damaged");
      }
      markerOffset = trailer.markerOffset();
      markerLength = ContainerBuilder.MARKER.length;
      byte[] marker = readFully(ch, markerOffset, markerLength, file);
      if (!java.util.Arrays.equals(marker, ContainerBuilder.MARKER)) {
        throw new InvalidContainerException(file, Problem.BAD_MARKER, "no payload marker where the trailer says (offset " + markerOffset + ")");
      }
      byte[] hm = readFully(ch, markerOffset + markerLength, (int) len, file);
      if (!trailer.matches(hm)) {
        throw new InvalidContainerException(file, Problem.BAD_TRAILER, "header and manifest do not match the trailer's CRC-32C: the file is damaged");
      }
      header = Header.parse(hm, 0, file);
      if (header.manifestSize() != len - Header.SIZE) {
        throw new InvalidContainerException(file, Problem.MANIFEST_OUT_OF_BOUNDS,
            "manifest_size " + header.manifestSize() + " disagrees with the trailer (" + (len - Header.SIZE) + ")");
      }
      manifestBytes = java.util.Arrays.copyOfRange(hm, Header.SIZE, hm.length);
    } else {
      long[] found = MarkerScanner.find(ch, size, file);
      markerOffset = found[0];
      markerLength = (int) found[1];
      long headerOffset = markerOffset + markerLength;
      if (headerOffset + Header.SIZE > size) {
        throw new InvalidContainerException(file, Problem.TRUNCATED, "file ends inside the PBIN header");
      }
      header = Header.parse(readFully(ch, headerOffset, Header.SIZE, file), 0, file);
      long manifestEnd = headerOffset + Header.SIZE + header.manifestSize();
      if (header.manifestSize() > MAX_MANIFEST_SIZE || manifestEnd > size) {
        throw new InvalidContainerException(file, Problem.MANIFEST_OUT_OF_BOUNDS, "manifest_size " + header.manifestSize()
            + " reaches past the end of the file (" + size + " bytes)");
      }
      manifestBytes = readFully(ch, headerOffset + Header.SIZE, (int) header.manifestSize(), file);
    }
    Manifest manifest = Manifest.parse(manifestBytes, file);
    if (manifest.entries().size() != header.entryCount()) {
      throw new InvalidContainerException(file, Problem.ENTRY_COUNT_MISMATCH,
          "header entry_count is " + header.entryCount() + " but the manifest lists " + manifest.entries().size() + " entries");
    }
    long payloadStart = markerOffset + markerLength + Header.SIZE + header.manifestSize();
    checkRanges(manifest, payloadStart, regionEnd, size, file);
    byte[] head = readFully(ch, 0, (int) Math.min(markerOffset, STUB_SNIFF), file);
    StubKind kind = StubKind.detect(head);
    Target stubTarget = kind == StubKind.NATIVE ? StubKind.executableTarget(head).orElse(null) : null;
    return new Container(file, ch, size, markerOffset, markerLength, header, manifest, trailer, kind, stubTarget);
  }

  private record Range(String what, long start, long length, String checksum) {}

  private static void checkRanges(Manifest m, long payloadStart, long regionEnd, long size, Path file) throws InvalidContainerException {
    List<Range> ranges = new ArrayList<>();
    for (ManifestEntry e : m.entries()) {
      ranges.add(new Range(e.target() + " payload", e.offset(), e.compressedSize(), e.checksum()));
      if (e.launcher() != null) {
        ranges.add(new Range(e.target() + " launcher", e.launcher().offset(), e.launcher().size(), e.launcher().checksum()));
      }
    }
    for (Range r : ranges) {
      if (r.start < payloadStart) {
        throw new InvalidContainerException(file, Problem.BAD_OFFSETS,
            r.what + " at offset " + r.start + " overlaps the stub, header or manifest (payloads start at " + payloadStart + ")");
      }
      if (r.start + r.length > regionEnd || r.start + r.length < r.start) {
        throw new InvalidContainerException(file, r.start + r.length > size ? Problem.TRUNCATED : Problem.BAD_OFFSETS,
            r.what + " ends at byte " + (r.start + r.length) + ", past the end of the payload area (" + regionEnd
                + "): the file is truncated or damaged");
      }
    }
    ranges.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::length));
    for (int i = 1; i < ranges.size(); i++) {
      Range a = ranges.get(i - 1);
      Range b = ranges.get(i);
      boolean shared = a.start == b.start && a.length == b.length && a.checksum.equals(b.checksum);
      if (b.start < a.start + a.length && !shared) {
        throw new InvalidContainerException(file, Problem.BAD_OFFSETS, b.what + " overlaps " + a.what);
      }
    }
  }

  static byte[] readFully(FileChannel ch, long position, int length, Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new InvalidContainerException(file, Problem.TRUNCATED, "file ends at byte " + (position + buf.position())
            + " while reading " + length + " bytes at " + position);
      }
    }
    return buf.array();
  }

  public Path file() {
    return file;
  }

  public long fileSize() {
    return fileSize;
  }

  public StubKind stubKind() {
    return stubKind;
  }

  /** For a native stub, the platform its executable header names. */
  public Optional<Target> stubTarget() {
    return Optional.ofNullable(stubTarget);
  }

  /** Bytes before the marker. */
  public long stubSize() {
    return markerOffset;
  }

  public long markerOffset() {
    return markerOffset;
  }

  /** 16, or 17 for files that put a newline between marker and header. */
  public int markerLength() {
    return markerLength;
  }

  public long headerOffset() {
    return markerOffset + markerLength;
  }

  public Header header() {
    return header;
  }

  public Compression compression() {
    return header.compression();
  }

  public Manifest manifest() {
    return manifest;
  }

  public List<ManifestEntry> entries() {
    return manifest.entries();
  }

  public Optional<ManifestEntry> entry(Target target) {
    return manifest.entry(target);
  }

  public Optional<Trailer> trailer() {
    return Optional.ofNullable(trailer);
  }

  /** The stub's bytes, such as the embedded launcher or script. */
  public byte[] stubBytes() throws IOException {
    if (markerOffset > Integer.MAX_VALUE - 8) {
      throw new IOException(file + ": stub too large to read into memory");
    }
    return readFully(channel, 0, (int) markerOffset, file);
  }

  /**
   * The uncompressed payload of an entry. Damage surfaces as an {@link InvalidContainerException};
   * the data is verified only once the stream has returned -1.
   */
  public InputStream openPayload(ManifestEntry entry) throws IOException {
    InputStream raw = new BufferedInputStream(new RegionInputStream(channel, entry.offset(), entry.compressedSize()), 1 << 16);
    InputStream decoded;
    try {
      decoded = Codecs.decompressor(compression(), raw);
    } catch (IOException | RuntimeException e) {
      throw new InvalidContainerException(file, Problem.CORRUPT_PAYLOAD, entry.target() + " payload does not decompress: " + e.getMessage(), e);
    }
    return new VerifyingInputStream(decoded, file, entry);
  }

  /** Decompresses the entry and checks its size and BLAKE3 without writing anything. */
  public void verify(ManifestEntry entry) throws IOException {
    try (VerifyingInputStream in = (VerifyingInputStream) openPayload(entry)) {
      in.drain();
    }
  }

  /**
   * Extracts a binary entry to the file {@code dest}, or a tree entry into the new directory
   * {@code dest}. Everything is written beside {@code dest} first and moved into place only after
   * the checksum matched, so a damaged payload leaves nothing behind.
   */
  public void extract(ManifestEntry entry, Path dest) throws IOException {
    Path target = dest.toAbsolutePath();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    if (Files.exists(target)) {
      throw new IOException(target + ": already exists; extract into a new path");
    }
    if (entry.kind() == PayloadKind.BINARY) {
      Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
      try {
        try (VerifyingInputStream in = (VerifyingInputStream) openPayload(entry); OutputStream out = Files.newOutputStream(tmp)) {
          in.transferTo(out);
        }
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        moveIntoPlace(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } else {
      Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
      try {
        try (VerifyingInputStream in = (VerifyingInputStream) openPayload(entry)) {
          TreeExtractor.extract(in, tmp, file);
          in.drain();
        }
        moveIntoPlace(tmp, target);
      } finally {
        deleteTree(tmp);
      }
    }
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
