package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real containers holding a real compiled program, run through every shell the stub supports. */
class PolyglotStubTest {

  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path threeTargets;

  static Stream<List<String>> shells() {
    return ShellRun.SHELLS.stream();
  }

  @BeforeAll
  static void pack() throws Exception {
    for (List<String> shell : ShellRun.SHELLS) {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + shell.get(0)).start();
      assertEquals(0, p.waitFor(), shell.get(0) + " is not installed; .ci/run installs dash, bash, zsh and busybox");
    }
    Path dummy = Files.writeString(shared.resolve("dummy"), "not a real program");
    threeTargets = shared.resolve("probe");
    ContainerBuilder.create("probe", "1.0.0").compression(CompressionSettings.zstd(9)).embedLaunchers(false)
        .add(EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe()))
        .add(EntrySpec.binary(Target.DARWIN_AARCH64, dummy))
        .add(EntrySpec.binary(Target.WINDOWS_X86_64, dummy))
        .writeTo(threeTargets);
  }

  private Map<String, String> cacheEnv(Path cache) {
    Map<String, String> env = new HashMap<>();
    env.put("SXE_CACHE_DIR", cache.toString());
    env.put("TMPDIR", tmp.toString());
    return env;
  }

  private static List<Path> entryDirs(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.toList();
    }
  }

  @ParameterizedTest
  @MethodSource("shells")
  void runsWithArgumentsUnchangedAndPassesTheExitCode(List<String> shell) throws Exception {
    Path cache = tmp.resolve("cache");
    ShellRun r = ShellRun.run(shell, threeTargets, cacheEnv(cache), null,
        "hello world", "it's \"quoted\"", "*", "", "$HOME", "a\\b", "--exit", "7");
    assertEquals(7, r.exitCode(), r.stderr());
    assertEquals("[hello world]\n[it's \"quoted\"]\n[*]\n[]\n[$HOME]\n[a\\b]\nprobe done\n", r.stdout());
    assertEquals("", r.stderr());
    List<Path> entries = entryDirs(cache);
    assertEquals(1, entries.size(), "one entry directory: " + entries);
    try (Container c = Container.open(threeTargets)) {
      assertEquals(c.entry(Target.LINUX_X86_64).orElseThrow().checksum(), entries.get(0).getFileName().toString());
    }
    String meta = Files.readString(entries.get(0).resolve(".sxe-metadata.json"));
    assertTrue(meta.contains("\"target\":\"linux-x86_64\"") && meta.contains("\"name\":\"probe\""), meta);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void secondRunIsACacheHitThatDoesNotDecompress(List<String> shell) throws Exception {
    Path cache = tmp.resolve("cache");
    assertEquals(0, ShellRun.run(shell, threeTargets, cacheEnv(cache), null, "first").exitCode());
    Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
    Path called = tmp.resolve("zstd-was-called");
    Path fake = Files.writeString(fakeBin.resolve("zstd"), "#!/bin/sh\ntouch '" + called + "'\nexit 99\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = cacheEnv(cache);
    env.put("PATH", fakeBin + ":" + System.getenv("PATH"));
    ShellRun r = ShellRun.run(shell, threeTargets, env, null, "second");
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("[second]\nprobe done\n", r.stdout());
    assertFalse(Files.exists(called), "the cache hit ran zstd");
    // The same fake zstd does break a miss, which shows the check above can fail.
    Map<String, String> missEnv = cacheEnv(tmp.resolve("third-cache"));
    missEnv.put("PATH", env.get("PATH"));
    assertEquals(123, ShellRun.run(shell, threeTargets, missEnv, null).exitCode());
    assertTrue(Files.exists(called));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void programGetsStdinAndItsEnvironment(List<String> shell) throws Exception {
    Path cache = tmp.resolve("cache");
    ShellRun r = ShellRun.run(shell, threeTargets, cacheEnv(cache), "line one\nline two\n", "--stdin", "--env");
    assertEquals(0, r.exitCode(), r.stderr());
    Path entry = entryDirs(cache).get(0);
    assertEquals("line one\nline two\nSXE_HOME=" + entry + "\nSXE_EXECUTABLE=" + threeTargets.toRealPath() + "\nprobe done\n", r.stdout());
  }

  private Path tempModeContainer() throws Exception {
    Path out = tmp.resolve("temp-probe");
    ContainerBuilder.create("temp-probe", "1").compression(CompressionSettings.lz4(9)).cacheMode(CacheMode.TEMP).embedLaunchers(false)
        .add(EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe())).writeTo(out);
    return out;
  }

  @ParameterizedTest
  @MethodSource("shells")
  void tempModeCleansUpAfterExitAndAfterSigterm(List<String> shell) throws Exception {
    Path file = tempModeContainer();
    Path tmpdir = Files.createDirectories(tmp.resolve("t"));
    Map<String, String> env = Map.of("TMPDIR", tmpdir.toString(), "SXE_CACHE_DIR", tmp.resolve("unused").toString());
    ShellRun r = ShellRun.run(shell, file, env, "in", "--stdin", "--exit", "3");
    assertEquals(3, r.exitCode(), r.stderr());
    assertEquals("inprobe done\n", r.stdout());
    assertEquals(List.of(), entryDirs(tmpdir), "temp directory left behind");
    assertFalse(Files.exists(tmp.resolve("unused")), "temp mode must not touch the cache");

    Process p = ShellRun.builder(shell, file, env, "--sleep", "60").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("sleeping", out.readLine());
    assertEquals(1, entryDirs(tmpdir).size(), "the program runs from one temporary directory");
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the stub did not end after SIGTERM");
    assertEquals(143, p.exitValue());
    assertEquals(List.of(), entryDirs(tmpdir), "temp directory left behind after SIGTERM");
  }

  @Test
  void noEntryForThisPlatformIsOneLineAndNothingRuns() throws Exception {
    Path file = tmp.resolve("mac-only");
    ContainerBuilder.create("mac-only", "1").embedLaunchers(false).add(EntrySpec.binary(Target.DARWIN_AARCH64, TestPrograms.probe())).writeTo(file);
    for (List<String> shell : ShellRun.SHELLS) {
      ShellRun r = ShellRun.run(shell, file, cacheEnv(tmp.resolve("c")), null);
      assertEquals(121, r.exitCode());
      assertEquals("sxe: " + file + ": no entry for linux-x86_64 in this file (it has darwin-aarch64)\n", r.stderr());
      assertEquals("", r.stdout());
    }
  }

  @Test
  void damagedPayloadIsNeverRun() throws Exception {
    Path file = tmp.resolve("damaged");
    ContainerBuilder.create("damaged", "1").compression(CompressionSettings.none()).embedLaunchers(false)
        .add(EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe())).writeTo(file);
    byte[] all = Files.readAllBytes(file);
    long at;
    try (Container c = Container.open(file)) {
      ManifestEntry e = c.entries().get(0);
      at = e.offset() + e.compressedSize() - 100;
    }
    all[(int) at] ^= 0x20;
    Files.write(file, all);
    Path touched = tmp.resolve("ran");
    for (List<String> shell : ShellRun.SHELLS) {
      Path cache = tmp.resolve("cache");
      ShellRun r = ShellRun.run(shell, file, cacheEnv(cache), null, "--touch", touched.toString());
      assertEquals(123, r.exitCode(), r.stderr());
      assertTrue(r.stderr().startsWith("sxe: " + file + ": the linux-x86_64 payload fails its checksum"), r.stderr());
      assertEquals(1, r.stderr().lines().count());
      assertFalse(Files.exists(touched));
      assertEquals(List.of(), entryDirs(cache), "a damaged payload left something in the cache");
    }
  }

  @Test
  void missingDecompressorIsNamed() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String tool : List.of("uname", "tail", "head", "wc", "tr", "ls", "awk", "id", "mktemp", "mv", "rm", "chmod", "mkdir", "date", "sed", "cat", "sha256sum")) {
      Path real = Path.of("/usr/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
    }
    Map<String, String> env = cacheEnv(tmp.resolve("cache"));
    env.put("PATH", bin.toString());
    ShellRun r = ShellRun.run(List.of("/bin/sh"), threeTargets, env, null);
    assertEquals(122, r.exitCode(), r.stderr());
    assertEquals("sxe: " + threeTargets + ": zstd is needed to unpack this program; install it (package zstd)\n", r.stderr());
  }

  @Test
  void unsafeCacheRootsAreRefused() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    ShellRun r = ShellRun.run(List.of("/bin/sh"), threeTargets, cacheEnv(link), null);
    assertEquals(124, r.exitCode());
    assertTrue(r.stderr().contains("is a symbolic link"), r.stderr());

    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    r = ShellRun.run(List.of("/bin/sh"), threeTargets, cacheEnv(open), null);
    assertEquals(124, r.exitCode());
    assertTrue(r.stderr().contains("writable by others"), r.stderr());

    if ("root".equals(System.getProperty("user.name"))) {
      Path foreign = Files.createDirectories(tmp.resolve("foreign"));
      assertEquals(0, new ProcessBuilder("chown", "65534", foreign.toString()).start().waitFor());
      r = ShellRun.run(List.of("/bin/sh"), threeTargets, cacheEnv(foreign), null);
      assertEquals(124, r.exitCode());
      assertTrue(r.stderr().contains("belongs to another user"), r.stderr());
    }
  }

  @Test
  void unusableCacheRootFallsBackToATemporaryDirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    ShellRun r = ShellRun.run(List.of("/bin/sh"), threeTargets, cacheEnv(file.resolve("cache")), null, "still runs");
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("[still runs]\nprobe done\n", r.stdout());
    assertTrue(r.stderr().contains("is not writable; running from a temporary directory"), r.stderr());
  }

  @Test
  void concurrentFirstRunsAllSucceedAndLeaveOneEntry() throws Exception {
    Path cache = tmp.resolve("cache");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ShellRun>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String arg = "run" + i;
        List<String> shell = ShellRun.SHELLS.get(i % ShellRun.SHELLS.size());
        runs.add(pool.submit(() -> ShellRun.run(shell, threeTargets, cacheEnv(cache), null, arg)));
      }
      for (int i = 0; i < runs.size(); i++) {
        ShellRun r = runs.get(i).get();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("[run" + i + "]\nprobe done\n", r.stdout());
      }
    } finally {
      pool.shutdownNow();
    }
    List<Path> entries = entryDirs(cache);
    assertEquals(1, entries.size(), "entries: " + entries);
    try (Stream<Path> inside = Files.list(entries.get(0))) {
      assertEquals(List.of(".sxe-metadata.json", "probe"), inside.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void treeEntryRunsItsExecWithHomeExpandedInArgs() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
    Files.copy(TestPrograms.probe(), tree.resolve("probe"));
    Files.writeString(tmp.resolve("tree/data.txt"), "data");
    Path file = tmp.resolve("tree-app");
    ContainerBuilder.create("tree-app", "1").compression(CompressionSettings.zstd(3)).embedLaunchers(false)
        .add(EntrySpec.tree(Target.LINUX_X86_64, tmp.resolve("tree"), "bin/probe").withArgs(List.of("--data=${SXE_HOME}/data.txt", "fixed arg")))
        .writeTo(file);
    Path cache = tmp.resolve("cache");
    for (List<String> shell : ShellRun.SHELLS) {
      ShellRun r = ShellRun.run(shell, file, cacheEnv(cache), null, "user arg");
      assertEquals(0, r.exitCode(), r.stderr());
      Path home = entryDirs(cache).get(0);
      assertEquals("[--data=" + home + "/data.txt]\n[fixed arg]\n[user arg]\nprobe done\n", r.stdout());
      assertEquals("data", Files.readString(home.resolve("data.txt")));
    }
  }

  @Test
  void stubNeitherContainsTheMarkerNorScansForIt() throws Exception {
    try (Container c = Container.open(threeTargets)) {
      String stub = new String(c.stubBytes(), StandardCharsets.UTF_8);
      assertFalse(stub.contains("__PBIN_PAYLOAD__"));
      assertFalse(stub.contains("grep"));
      assertFalse(stub.contains("bs=1"));
      assertTrue(stub.contains("sxe_header_offset=" + c.headerOffset() + "\n"), "header offset baked in");
      assertTrue(stub.startsWith("#!/bin/sh\n:<<\"::SXE_BATCH\"\n@echo off\n"));
    }
  }

  private Path failingZstdPath() throws IOException {
    Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
    Path fake = Files.writeString(fakeBin.resolve("zstd"), "#!/bin/sh\necho fake zstd >&2\nexit 99\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    return fakeBin;
  }

  @ParameterizedTest
  @MethodSource("shells")
  void embeddedLauncherUnpacksWithoutHostDecompressor(List<String> shell) throws Exception {
    Path file = tmp.resolve("with-launcher");
    ContainerBuilder.create("with-launcher", "1").compression(CompressionSettings.zstd(9))
        .add(EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe()))
        .add(EntrySpec.binary(Target.DARWIN_AARCH64, Files.writeString(tmp.resolve("dummy"), "dummy")))
        .writeTo(file);
    try (Container c = Container.open(file)) {
      assertTrue(c.entry(Target.LINUX_X86_64).orElseThrow().launcher() != null, "the linux launcher is embedded");
      assertEquals(null, c.entry(Target.DARWIN_AARCH64).orElseThrow().launcher());
    }
    Path cache = tmp.resolve("cache");
    Map<String, String> env = cacheEnv(cache);
    env.put("PATH", failingZstdPath() + ":" + System.getenv("PATH"));
    ShellRun r = ShellRun.run(shell, file, env, "in\n", "a b", "", "--stdin", "--exit", "4");
    assertEquals(4, r.exitCode(), r.stderr());
    assertEquals("[a b]\n[]\nin\nprobe done\n", r.stdout());
    assertEquals("", r.stderr());
    try (Container c = Container.open(file)) {
      String sum = c.entry(Target.LINUX_X86_64).orElseThrow().checksum();
      assertTrue(Files.readString(cache.resolve(sum).resolve(".sxe-metadata.json")).contains("\"stub\":\"native\""));
    }
    ShellRun hit = ShellRun.run(shell, file, env, null, "hit");
    assertEquals("[hit]\nprobe done\n", hit.stdout(), hit.stderr());
  }

  @Test
  void embeddedLauncherRunsTempModeToo() throws Exception {
    Path file = tmp.resolve("temp-launcher");
    ContainerBuilder.create("temp-launcher", "1").cacheMode(CacheMode.TEMP)
        .add(EntrySpec.binary(Target.LINUX_X86_64, TestPrograms.probe())).writeTo(file);
    Path tmpdir = Files.createDirectories(tmp.resolve("t"));
    Map<String, String> env = Map.of("TMPDIR", tmpdir.toString(), "PATH", failingZstdPath() + ":" + System.getenv("PATH"));
    for (List<String> shell : ShellRun.SHELLS) {
      ShellRun r = ShellRun.run(shell, file, env, null, "x", "--exit", "9");
      assertEquals(9, r.exitCode(), r.stderr());
      assertEquals("[x]\nprobe done\n", r.stdout());
      assertEquals(List.of(), entryDirs(tmpdir), "temp directories left behind");
    }
  }
}
