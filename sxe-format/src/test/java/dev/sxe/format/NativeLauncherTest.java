package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers with the static native launcher in front, run directly as executables. */
class NativeLauncherTest {

  private static final List<String> DIRECT = List.of();

  @TempDir Path tmp;
  private NativeLauncher launcher;
  private Path cache;

  @BeforeEach
  void setUp() {
    launcher = NativeLauncher.forTarget(Target.LINUX_X86_64)
        .orElseThrow(() -> new AssertionError("no linux-x86_64 launcher on the class path: build sxe-launcher (musl-tools) first"));
    cache = tmp.resolve("cache");
  }

  private Path pack(String name, CompressionSettings c, CacheMode mode, EntrySpec entry) throws IOException {
    Path out = tmp.resolve(name);
    ContainerBuilder.create(name, "1").compression(c).cacheMode(mode).stub(launcher).add(entry).writeTo(out);
    return out;
  }

  private Path probe(CacheMode mode) throws Exception {
    return pack("probe-" + mode, CompressionSettings.zstd(9), mode, EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe()));
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SXE_CACHE_DIR", cache.toString());
    env.put("TMPDIR", Files.exists(tmp.resolve("t")) ? tmp.resolve("t").toString() : tmp.toString());
    return env;
  }

  private List<Path> entries() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".tmp")).toList();
    }
  }

  @Test
  void isSmallAndRecognised() throws Exception {
    assertTrue(launcher.size() < 100 * 1024, "launcher is " + launcher.size() + " bytes");
    try (Container c = Container.open(probe(CacheMode.USER))) {
      assertEquals(StubKind.NATIVE, c.stubKind());
      assertEquals(launcher.size(), c.stubSize());
      assertEquals(Target.LINUX_X86_64, c.stubTarget().orElseThrow());
      assertFalse(new String(c.stubBytes(), StandardCharsets.ISO_8859_1).contains("__PBIN_PAYLOAD__"));
    }
  }

  @Test
  void runsWithArgumentsStdinEnvironmentAndExitCode() throws Exception {
    Path file = probe(CacheMode.USER);
    ShellRun r = ShellRun.run(DIRECT, file, env(), "from stdin\n",
        "hello world", "it's \"quoted\"", "*", "", "--stdin", "--env", "--argv0", "--exit", "7");
    assertEquals(7, r.exitCode(), r.stderr());
    Path home = entries().get(0);
    assertEquals("[hello world]\n[it's \"quoted\"]\n[*]\n[]\nfrom stdin\nSXE_HOME=" + home + "\nSXE_EXECUTABLE=" + file.toRealPath()
        + "\nargv0=" + file + "\nprobe done\n", r.stdout());
    assertEquals("", r.stderr());
    String meta = Files.readString(home.resolve(".sxe-metadata.json"));
    assertTrue(meta.contains("\"stub\":\"native\"") && meta.contains("\"target\":\"linux-x86_64\""), meta);
  }

  @Test
  void secondRunDoesNotDecompress() throws Exception {
    Path file = probe(CacheMode.USER);
    assertEquals(0, ShellRun.run(DIRECT, file, env(), null, "first").exitCode());
    // Damage the payload in place: a run that decoded it would now fail its checksum.
    try (Container c = Container.open(file); RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      ManifestEntry e = c.entries().get(0);
      long at = e.offset() + e.compressedSize() / 2;
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0xff);
    }
    ShellRun hit = ShellRun.run(DIRECT, file, env(), null, "second");
    assertEquals(0, hit.exitCode(), hit.stderr());
    assertEquals("[second]\nprobe done\n", hit.stdout());
    Map<String, String> fresh = env();
    fresh.put("SXE_CACHE_DIR", tmp.resolve("fresh").toString());
    ShellRun miss = ShellRun.run(DIRECT, file, fresh, null, "third");
    assertEquals(123, miss.exitCode(), "a miss must decode and so notice the damage");
    assertEquals(1, miss.stderr().lines().count(), miss.stderr());
    assertTrue(miss.stderr().startsWith("sxe: "), miss.stderr());
  }

  @Test
  void sigtermReachesTheProgramInBothModes() throws Exception {
    Files.createDirectories(tmp.resolve("t"));
    for (CacheMode mode : CacheMode.values()) {
      Process p = ShellRun.builder(DIRECT, probe(mode), env(), "--trap", "--sleep", "60").start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("sleeping", out.readLine());
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertEquals("got TERM", out.readLine(), mode.toString());
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      assertEquals(42, p.exitValue(), mode.toString());
    }
    try (Stream<Path> left = Files.list(tmp.resolve("t"))) {
      assertEquals(List.of(), left.toList(), "temp mode left its directory behind");
    }
  }

  @Test
  void tempModeRemovesItsDirectoryAndPassesTheExitCode() throws Exception {
    Files.createDirectories(tmp.resolve("t"));
    ShellRun r = ShellRun.run(DIRECT, probe(CacheMode.TEMP), env(), null, "x", "--exit", "5");
    assertEquals(5, r.exitCode(), r.stderr());
    assertEquals("[x]\nprobe done\n", r.stdout());
    try (Stream<Path> left = Files.list(tmp.resolve("t"))) {
      assertEquals(List.of(), left.toList());
    }
    assertFalse(Files.exists(cache));
  }

  @Test
  void thirtyTwoConcurrentFirstRunsShareOneEntry() throws Exception {
    Path file = probe(CacheMode.USER);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<ShellRun>> runs = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String arg = "run" + i;
        runs.add(pool.submit(() -> ShellRun.run(DIRECT, file, env(), null, arg)));
      }
      for (int i = 0; i < 32; i++) {
        ShellRun r = runs.get(i).get();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("[run" + i + "]\nprobe done\n", r.stdout());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, entries().size());
    try (Stream<Path> all = Files.list(cache)) {
      assertEquals(1, all.count(), "temporary directories were left behind");
    }
  }

  @Test
  void killNineDuringExtractionLeavesNoHalfEntry() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("big/bin"));
    Files.copy(TestPrograms.probe(), tree.resolve("probe"));
    byte[] block = new byte[1 << 20];
    Random r = new Random(1);
    for (int i = 0; i < 48; i++) {
      r.nextBytes(block);
      Files.write(tmp.resolve("big/blob" + i), block);
    }
    Path file = pack("bigapp", CompressionSettings.lz4(1), CacheMode.USER, EntrySpec.tree(Target.LINUX_X86_64, tmp.resolve("big"), "bin/probe"));
    for (int delayMs : new int[] {5, 40, 120}) {
      Process p = ShellRun.builder(DIRECT, file, env(), "never").start();
      Thread.sleep(delayMs);
      p.destroyForcibly().waitFor();
      for (Path e : entries()) {
        assertTrue(Files.exists(e.resolve(".sxe-metadata.json")) && Files.exists(e.resolve("blob47")), "half entry " + e);
      }
    }
    ShellRun again = ShellRun.run(DIRECT, file, env(), null, "after kill");
    assertEquals(0, again.exitCode(), again.stderr());
    assertEquals("[after kill]\nprobe done\n", again.stdout());
    assertEquals(1, entries().size());
  }

  @Test
  void damagedPayloadRunsNothing() throws Exception {
    Path file = pack("damaged", CompressionSettings.none(), CacheMode.USER, EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe()));
    try (Container c = Container.open(file); RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      ManifestEntry e = c.entries().get(0);
      raf.seek(e.offset() + 200);
      raf.write(0x5a);
    }
    Path touched = tmp.resolve("ran");
    ShellRun r = ShellRun.run(DIRECT, file, env(), null, "--touch", touched.toString());
    assertEquals(123, r.exitCode());
    assertTrue(r.stderr().startsWith("sxe: " + file), r.stderr());
    assertEquals(1, r.stderr().lines().count(), r.stderr());
    assertFalse(Files.exists(touched));
    assertEquals(List.of(), entries());
  }

  @Test
  void unusableCacheRootFallsBackAndUnsafeOnesAreRefused() throws Exception {
    Path file = probe(CacheMode.USER);
    Map<String, String> env = env();
    env.put("SXE_CACHE_DIR", Files.writeString(tmp.resolve("a-file"), "x").resolve("cache").toString());
    ShellRun r = ShellRun.run(DIRECT, file, env, null, "fallback");
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("[fallback]\nprobe done\n", r.stdout());
    assertTrue(r.stderr().contains("not writable; running from a temporary directory"), r.stderr());

    env.put("SXE_CACHE_DIR", Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectories(tmp.resolve("real"))).toString());
    r = ShellRun.run(DIRECT, file, env, null);
    assertEquals(124, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("symbolic link"), r.stderr());
  }

  @Test
  void noEntryForThisTarget() throws Exception {
    Path out = tmp.resolve("mac");
    ContainerBuilder.create("mac", "1").stub(launcher).add(EntrySpec.binary(Target.DARWIN_AARCH64, TestPrograms.probe())).writeTo(out);
    ShellRun r = ShellRun.run(DIRECT, out, env(), null);
    assertEquals(121, r.exitCode(), r.stderr());
    assertTrue(r.stderr().startsWith("sxe: " + out) && r.stderr().contains("linux-x86_64"), r.stderr());
  }

  @Test
  void treeWithDotDotEntryIsRefused() throws Exception {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry e = new TarArchiveEntry("bin/../../escaped", true);
      e.setSize(1);
      t.putArchiveEntry(e);
      t.write('x');
      t.closeArchiveEntry();
    }
    byte[] payload = tar.toByteArray();
    byte[] stub = launcher.render(null, Compression.NONE, 0);
    String template = "{\"name\":\"evil\",\"version\":\"1\",\"entries\":[{\"target\":\"linux-x86_64\",\"offset\":%d,\"compressed_size\":"
        + payload.length + ",\"uncompressed_size\":" + payload.length + ",\"checksum\":\"" + PbinFiles.blake3(payload)
        + "\",\"sxe\":{\"kind\":\"tree\",\"exec\":\"bin/x\"}}],\"sxe\":{\"format\":1,\"created_by\":\"test\",\"cache\":\"user\"}}";
    int offset = 0;
    for (int i = 0; i < 5; i++) {
      offset = stub.length + 16 + 64 + String.format(template, offset).length();
    }
    byte[] manifest = String.format(template, offset).getBytes(StandardCharsets.UTF_8);
    byte[] header = PbinFiles.header(1, 0, 1, manifest.length, 0);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(stub);
    file.writeBytes("__PBIN_PAYLOAD__".getBytes(StandardCharsets.US_ASCII));
    file.writeBytes(header);
    file.writeBytes(manifest);
    file.writeBytes(payload);
    CRC32C crc = new CRC32C();
    crc.update(header);
    crc.update(manifest);
    file.writeBytes(ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).put("SXETRAIL".getBytes(StandardCharsets.US_ASCII))
        .putLong(stub.length).putLong(64 + manifest.length).putInt((int) crc.getValue()).putShort((short) 1).putShort((short) 0).array());
    Files.createDirectories(tmp.resolve("sub"));
    Path evil = Files.write(tmp.resolve("sub/evil"), file.toByteArray());
    evil.toFile().setExecutable(true);

    ShellRun r = ShellRun.run(DIRECT, evil, env(), null);
    assertEquals(123, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(".."), r.stderr());
    assertFalse(Files.exists(tmp.resolve("escaped")));
    assertFalse(Files.exists(cache.resolve("escaped")));
    assertEquals(List.of(), entries());
  }
}
