package dev.sxe.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Packs executables and trees into one container file.
 *
 * <pre>{@code
 * WriteResult r = ContainerBuilder.create("hello", "1.0.0")
 *     .compression(CompressionSettings.zstd(19))
 *     .add(EntrySpec.binary(Target.LINUX_X86_64, Path.of("build/hello")))
 *     .writeTo(Path.of("dist/hello"));
 * }</pre>
 *
 * <p>The same inputs and timestamp give the same bytes: payloads are compressed single-threaded,
 * trees are written as sorted tar streams with one mtime, and the manifest has a fixed key order
 * and no clock in it.
 */
public final class ContainerBuilder {

  public static final byte[] MARKER = "__PBIN_PAYLOAD__".getBytes(StandardCharsets.US_ASCII);
  static final String CREATED_BY = "sxe " + Version.VALUE;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final int BUFFER = 1 << 20;

  private final String name;
  private final String version;
  private final List<EntrySpec> entries = new ArrayList<>();
  private CompressionSettings compression = CompressionSettings.defaults();
  private CacheMode cacheMode = CacheMode.USER;
  private Stub stub = Stub.polyglot();
  private Instant timestamp = Instant.EPOCH;
  private ProgressListener progress = ProgressListener.NONE;
  private boolean embedLaunchers = true;
  private Path segmentCache;

  private ContainerBuilder(String name, String version) {
    if (name == null || !SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name '" + name + "' must be 1-128 characters of letters, digits, '.', '_', '+', '-' (it becomes a file name)");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("version must not be empty");
    }
    this.name = name;
    this.version = version;
  }

  public static ContainerBuilder create(String name, String version) {
    return new ContainerBuilder(name, version);
  }

  public ContainerBuilder compression(CompressionSettings settings) {
    this.compression = settings;
    return this;
  }

  public ContainerBuilder cacheMode(CacheMode mode) {
    this.cacheMode = mode;
    return this;
  }

  public ContainerBuilder stub(Stub newStub) {
    this.stub = newStub;
    return this;
  }

  /** The mtime of every tree entry, typically {@code project.build.outputTimestamp}. */
  public ContainerBuilder timestamp(Instant instant) {
    this.timestamp = instant;
    return this;
  }

  /**
   * Whether a polyglot container also carries the raw native launcher of each target that has
   * one, so its first run needs no zstd, lz4 or tar on the host (default on; ignored for the
   * native stub, which is itself the launcher).
   */
  public ContainerBuilder embedLaunchers(boolean embed) {
    this.embedLaunchers = embed;
    return this;
  }

  /**
   * Compresses tree entries in segments and keeps the compressed form of large ones in
   * {@code dir}, so that a rebuild which changed only part of a tree compresses only that part.
   *
   * <p>A tree's tar stream is cut where its first path component changes ({@code app/...},
   * {@code runtime/...}); each piece is compressed as its own frame, and frames concatenate into
   * one valid zstd or LZ4 stream, so readers see the same uncompressed payload, with the same
   * size and checksums, as without segments. A piece of at least {@link #SEGMENT_CACHE_MIN_BYTES}
   * is looked up by SHA-256 of its bytes and the codec settings; a hit copies the cached frame
   * instead of compressing. Output is byte-identical whether pieces come from the cache or not.
   * {@code null} (the default) writes each tree as one frame, as do trees with a single top-level
   * name and compression none. The directory is not pruned.
   */
  public ContainerBuilder segmentCache(Path dir) {
    this.segmentCache = dir;
    return this;
  }

  /** Segments smaller than this are compressed on every build and not cached. */
  public static final long SEGMENT_CACHE_MIN_BYTES = 1L << 20;

  public ContainerBuilder progress(ProgressListener listener) {
    this.progress = listener;
    return this;
  }

  public ContainerBuilder add(EntrySpec entry) {
    entries.add(entry);
    return this;
  }

  public WriteResult writeTo(Path output) throws IOException {
    Instant start = Instant.now();
    validate();
    Path out = output.toAbsolutePath();
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("output " + out + " is a directory; name the file to write");
    }
    Path dir = out.getParent();
    Files.createDirectories(dir);
    List<Path> temps = new ArrayList<>();
    try {
      // Entries packing the same file or tree (a Java app for several targets) share one payload.
      List<ManifestEntry> packed = new ArrayList<>();
      List<Integer> payloadOf = new ArrayList<>();
      List<Path> payloads = new ArrayList<>();
      java.util.Map<String, Integer> bySource = new java.util.HashMap<>();
      for (EntrySpec spec : entries) {
        String key = spec.kind() + ":" + spec.source().toAbsolutePath().normalize();
        Integer first = bySource.get(key);
        if (first != null) {
          ManifestEntry base = packed.get(first);
          packed.add(new ManifestEntry(spec.target(), 0, base.compressedSize(), base.uncompressedSize(), base.checksum(), spec.kind(),
              spec.kind() == PayloadKind.BINARY ? binaryName(spec) : spec.exec(), spec.args(), spec.hostCommand(), base.sha256(), null));
          payloadOf.add(payloadOf.get(first));
          continue;
        }
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".payload");
        temps.add(tmp);
        bySource.put(key, packed.size());
        packed.add(compress(spec, tmp));
        payloadOf.add(payloads.size());
        payloads.add(tmp);
      }
      List<NativeLauncher> launchers = new ArrayList<>();
      if (embedLaunchers && stub.kind() == StubKind.POLYGLOT) {
        for (ManifestEntry e : packed) {
          NativeLauncher.forTarget(e.target()).ifPresent(launchers::add);
        }
      }
      Layout layout = layout(packed, payloadOf, launchers);
      Path tmpOut = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
      temps.add(tmpOut);
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmpOut), BUFFER)) {
        o.write(layout.stub);
        o.write(MARKER);
        o.write(layout.header);
        o.write(layout.manifestJson);
        for (Path p : payloads) {
          Files.copy(p, o);
        }
        for (NativeLauncher l : launchers) {
          o.write(l.bytes());
        }
        o.write(Trailer.describing(layout.stub.length, layout.header, layout.manifestJson).toBytes());
      }
      makeExecutable(tmpOut);
      move(tmpOut, out);
      long size = Files.size(out);
      return new WriteResult(out, size, layout.stub.length, stub.kind(), layout.manifest.entries(), Duration.between(start, Instant.now()));
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  private void validate() {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("nothing to pack: add at least one entry");
    }
    if (entries.size() > 255) {
      throw new IllegalArgumentException("a container holds at most 255 entries, not " + entries.size());
    }
    Set<Target> seen = EnumSet.noneOf(Target.class);
    for (EntrySpec e : entries) {
      if (e.target() == null) {
        throw new IllegalArgumentException("an entry has no target; expected one of " + Target.idList());
      }
      if (!seen.add(e.target())) {
        throw new IllegalArgumentException("target " + e.target() + " is listed twice");
      }
      Path src = e.source();
      if (src == null) {
        throw new IllegalArgumentException("entry " + e.target() + " has no file");
      }
      if (e.kind() == PayloadKind.BINARY) {
        if (!Files.isRegularFile(src)) {
          throw new IllegalArgumentException("entry " + e.target() + ": " + src + " is not a file");
        }
        if (e.exec() != null && !SAFE_NAME.matcher(e.exec()).matches()) {
          throw new IllegalArgumentException("entry " + e.target() + ": binary name '" + e.exec() + "' is not a plain file name");
        }
      } else {
        if (!Files.isDirectory(src)) {
          throw new IllegalArgumentException("entry " + e.target() + ": " + src + " is not a directory");
        }
        if (e.hostCommand() != null) {
          if (!EntrySpec.HOST_JAVA.equals(e.hostCommand())) {
            throw new IllegalArgumentException("entry " + e.target() + ": unknown host command '" + e.hostCommand() + "' (only java)");
          }
        } else {
          String exec = e.exec();
          if (exec == null || exec.isEmpty() || exec.startsWith("/") || List.of(exec.split("/")).contains("..")) {
            throw new IllegalArgumentException("entry " + e.target() + ": exec '" + exec + "' must be a relative path inside " + src);
          }
          Path p = src.resolve(exec);
          if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("entry " + e.target() + ": exec '" + exec + "' is not an executable file in " + src);
          }
        }
      }
    }
  }

  private ManifestEntry compress(EntrySpec spec, Path tmp) throws IOException {
    if (segmentCache != null && spec.kind() == PayloadKind.TREE && compression.compression() != Compression.NONE) {
      List<List<Path>> segments = TreeArchiver.segments(spec.source());
      if (segments.size() > 1) {
        return compressSegments(spec, segments, tmp);
      }
    }
    PayloadDigest digest = new PayloadDigest(true);
    String step = "compress " + spec.target();
    long total = spec.kind() == PayloadKind.BINARY ? Files.size(spec.source()) : treeSize(spec.source());
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), BUFFER)) {
      OutputStream codec = Codecs.compressor(compression, file);
      OutputStream counting = new ProgressStream(new PayloadDigest.Tee(codec, digest), step, total, progress);
      if (spec.kind() == PayloadKind.BINARY) {
        try (InputStream in = Files.newInputStream(spec.source())) {
          in.transferTo(counting);
        }
      } else {
        TreeArchiver.write(spec.source(), timestamp, counting);
      }
      counting.flush();
      codec.close();
    }
    progress.progress(step, digest.length(), digest.length());
    String exec = spec.kind() == PayloadKind.BINARY ? binaryName(spec) : spec.exec();
    return new ManifestEntry(spec.target(), 0, Files.size(tmp), digest.length(), digest.blake3Hex(), spec.kind(),
        exec, spec.args(), spec.hostCommand(), digest.sha256Hex(), null);
  }

  /** A tree as one frame per top-level segment, large segments' frames from the segment cache. */
  private ManifestEntry compressSegments(EntrySpec spec, List<List<Path>> segments, Path tmp) throws IOException {
    Files.createDirectories(segmentCache);
    PayloadDigest digest = new PayloadDigest(true);
    String step = "compress " + spec.target();
    Path raw = Files.createTempFile(tmp.getParent(), tmp.getFileName().toString(), ".segment");
    int hits = 0;
    int cached = 0;
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), BUFFER)) {
      for (int i = 0; i < segments.size(); i++) {
        boolean last = i == segments.size() - 1;
        java.security.MessageDigest sha;
        try {
          sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long length;
        try (OutputStream r = new BufferedOutputStream(Files.newOutputStream(raw), BUFFER)) {
          java.io.FilterOutputStream tee = new java.io.FilterOutputStream(r) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              digest.update(b, off, len);
              sha.update(b, off, len);
              out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void close() throws IOException {
              out.close();
            }
          };
          TreeArchiver.writeEntries(spec.source(), segments.get(i), timestamp, tee, last);
          tee.flush();
        }
        length = Files.size(raw);
        if (length == 0) {
          continue;
        }
        if (length < SEGMENT_CACHE_MIN_BYTES) {
          compressFile(raw, file);
          continue;
        }
        sha.update(("\0" + length + "\0" + compression + "\0" + "sxe-segment 1").getBytes(StandardCharsets.UTF_8));
        String key = java.util.HexFormat.of().formatHex(sha.digest());
        Path frame = segmentCache.resolve(key + "." + compression.compression().name().toLowerCase(java.util.Locale.ROOT));
        cached++;
        if (Files.isRegularFile(frame)) {
          hits++;
        } else {
          Path part = Files.createTempFile(segmentCache, ".tmp-" + key.substring(0, 12), ".part");
          try {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(part), BUFFER)) {
              compressFile(raw, o);
            }
            move(part, frame);
          } finally {
            Files.deleteIfExists(part);
          }
        }
        Files.copy(frame, file);
      }
    } finally {
      Files.deleteIfExists(raw);
    }
    progress.progress(step + " (" + segments.size() + " segments, " + hits + " of " + cached + " large ones cached)",
        digest.length(), digest.length());
    return new ManifestEntry(spec.target(), 0, Files.size(tmp), digest.length(), digest.blake3Hex(), spec.kind(),
        spec.exec(), spec.args(), spec.hostCommand(), digest.sha256Hex(), null);
  }

  /** Compresses a file as one frame onto {@code out}. */
  private void compressFile(Path in, OutputStream out) throws IOException {
    OutputStream codec = Codecs.compressor(compression, out);
    try (InputStream i = Files.newInputStream(in)) {
      i.transferTo(codec);
    }
    codec.close();
  }

  private String binaryName(EntrySpec spec) {
    String base = spec.exec() != null ? spec.exec() : name;
    return spec.target().os().equals("windows") && !base.endsWith(".exe") ? base + ".exe" : base;
  }

  private static long treeSize(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private record Layout(byte[] stub, byte[] header, byte[] manifestJson, Manifest manifest) {}

  /**
   * Offsets are absolute, so they depend on the lengths of the stub and the manifest, which
   * contain them. Lengths only grow with the numbers in them, so iterating from zero reaches the
   * smallest consistent layout in a few rounds.
   */
  private Layout layout(List<ManifestEntry> packed, List<Integer> payloadOf, List<NativeLauncher> launchers) {
    Manifest base = new Manifest(name, version, packed, Manifest.SXE_FORMAT, CREATED_BY, cacheMode);
    long stubLen = 0;
    long manifestLen = 0;
    for (int round = 0; round < 32; round++) {
      long offset = stubLen + MARKER.length + Header.SIZE + manifestLen;
      List<ManifestEntry> placed = new ArrayList<>();
      List<Long> payloadOffsets = new ArrayList<>();
      for (int i = 0; i < packed.size(); i++) {
        ManifestEntry e = packed.get(i);
        if (payloadOf.get(i) == payloadOffsets.size()) {
          payloadOffsets.add(offset);
          offset += e.compressedSize();
        }
        placed.add(e.withOffset(payloadOffsets.get(payloadOf.get(i))));
      }
      for (NativeLauncher l : launchers) {
        for (int i = 0; i < placed.size(); i++) {
          if (placed.get(i).target() == l.target()) {
            byte[] b = l.bytes();
            PayloadDigest d = new PayloadDigest(true);
            d.update(b, 0, b.length);
            placed.set(i, placed.get(i).withLauncher(new ManifestEntry.LauncherRef(offset, b.length, d.blake3Hex(), d.sha256Hex())));
          }
        }
        offset += l.size();
      }
      Manifest m = base.withEntries(placed);
      byte[] json = m.toJson();
      byte[] stubBytes = stub.render(m, compression.compression(), stubLen + MARKER.length);
      if (stubBytes.length == stubLen && json.length == manifestLen) {
        return new Layout(stubBytes, Header.of(compression.compression(), placed.size(), json.length).toBytes(), json, m);
      }
      stubLen = stubBytes.length;
      manifestLen = json.length;
    }
    throw new IllegalStateException("the container layout did not settle; the stub's length must only grow with its offsets");
  }

  private static void makeExecutable(Path p) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Reports bytes as they pass, about every 8 MiB. */
  private static final class ProgressStream extends java.io.FilterOutputStream {
    private final String step;
    private final long total;
    private final ProgressListener listener;
    private long done;
    private long reported;

    ProgressStream(OutputStream out, String step, long total, ProgressListener listener) {
      super(out);
      this.step = step;
      this.total = total;
      this.listener = listener;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      done += len;
      if (done - reported >= (8 << 20)) {
        reported = done;
        listener.progress(step, done, total);
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
