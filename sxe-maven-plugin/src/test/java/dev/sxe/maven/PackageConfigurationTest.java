package dev.sxe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sxe.format.CacheMode;
import dev.sxe.format.Compression;
import dev.sxe.format.CompressionSettings;
import dev.sxe.format.NativeLauncher;
import dev.sxe.format.StubKind;
import dev.sxe.format.Target;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageConfigurationTest {

  @TempDir Path dir;

  @Test
  void compressionDefaultsFollowTheCodec() throws Exception {
    assertEquals(new CompressionSettings(Compression.ZSTD, 19, 27), PackageConfiguration.compression(null, null, null));
    assertEquals(new CompressionSettings(Compression.LZ4, 9, 0), PackageConfiguration.compression("lz4", null, null));
    assertEquals(new CompressionSettings(Compression.NONE, 0, 0), PackageConfiguration.compression("NONE", null, null));
    assertEquals(new CompressionSettings(Compression.ZSTD, 3, 0), PackageConfiguration.compression("zstd", 3, 0));
  }

  @Test
  void badCompressionNamesTheParameter() {
    assertMessage("sxe: <compression>: 'brotli' is unknown; expected zstd, lz4 or none",
        () -> PackageConfiguration.compression("brotli", null, null));
    assertMessage("sxe: <level>: 13 is out of range for lz4; expected 1 to 12", () -> PackageConfiguration.compression("lz4", 13, null));
    assertMessage("sxe: <level>: 0 is out of range for zstd; expected 1 to 22", () -> PackageConfiguration.compression("zstd", 0, null));
    assertMessage("sxe: <longWindow>: a long window only applies to zstd, not lz4; set it to 0 or remove it",
        () -> PackageConfiguration.compression("lz4", null, 27));
    assertMessage("sxe: <longWindow>: 31 is out of range; expected 0 (off) or 10 to 27", () -> PackageConfiguration.compression("zstd", null, 31));
  }

  @Test
  void stubPolyglotForManyTargetsNativeForOne() throws Exception {
    List<Target> two = List.of(Target.LINUX_X86_64, Target.DARWIN_AARCH64);
    assertEquals(StubKind.POLYGLOT, PackageConfiguration.stub("polyglot", List.of(Target.LINUX_X86_64)).kind());
    assertEquals(StubKind.POLYGLOT, PackageConfiguration.stub("auto", two).kind());
    assertMessage("sxe: <stub>: stub=native makes a file for one platform, but 2 targets are packed [linux-x86_64, darwin-aarch64]; "
        + "pack one target or use stub=polyglot", () -> PackageConfiguration.stub("native", two));
    assertMessage("sxe: <stub>: unknown stub 'elf'; expected native, polyglot or auto", () -> PackageConfiguration.stub("elf", two));
    for (Target t : Target.values()) {
      boolean built = NativeLauncher.forTarget(t).isPresent();
      assertEquals(built ? StubKind.NATIVE : StubKind.POLYGLOT, PackageConfiguration.stub("auto", List.of(t)).kind(), t.id());
      if (built) {
        assertEquals(StubKind.NATIVE, PackageConfiguration.stub("native", List.of(t)).kind());
      } else {
        assertMessage("sxe: <stub>: this sxe build has no native launcher for " + t + " (it has " + NativeLauncher.available()
            + "); use stub=polyglot", () -> PackageConfiguration.stub("native", List.of(t)));
      }
    }
  }

  @Test
  void cacheMode() throws Exception {
    assertEquals(CacheMode.TEMP, PackageConfiguration.cacheMode("temp"));
    assertEquals(CacheMode.USER, PackageConfiguration.cacheMode(null));
    assertMessage("sxe: <cacheMode>: 'disk' is unknown; expected user or temp", () -> PackageConfiguration.cacheMode("disk"));
  }

  @Test
  void targets() throws Exception {
    assertEquals(PackageConfiguration.DEFAULT_JAVA_TARGETS, PackageConfiguration.targets(List.of()));
    assertEquals(List.of(Target.LINUX_X86_64, Target.DARWIN_AARCH64), PackageConfiguration.targets(List.of("darwin-aarch64", "linux-x86_64")));
    assertMessage("sxe: <targets>: target 'linux-mips' is unknown; expected one of " + Target.idList(),
        () -> PackageConfiguration.targets(List.of("linux-mips")));
    assertMessage("sxe: <targets>: target 'linux-x86_64' is listed twice",
        () -> PackageConfiguration.targets(List.of("linux-x86_64", "linux-x86_64")));
  }

  @Test
  void executablesAreResolvedAgainstTheBasedirAndOrderedByTarget() throws Exception {
    Files.writeString(dir.resolve("a"), "a");
    Files.writeString(dir.resolve("b"), "b");
    Map<Target, Path> m = PackageConfiguration.executables(
        List.of(new Executable("darwin-aarch64", new File("a")), new Executable(" linux-x86_64 ", new File("b"))), dir);
    assertEquals(List.of(Target.LINUX_X86_64, Target.DARWIN_AARCH64), List.copyOf(m.keySet()));
    assertEquals(dir.resolve("b"), m.get(Target.LINUX_X86_64));
  }

  @Test
  void badExecutablesNameTheParameter() throws Exception {
    Files.writeString(dir.resolve("a"), "a");
    assertMessage("sxe: <executables>: target 'linux-mips' is unknown; expected one of " + Target.idList(),
        () -> PackageConfiguration.executables(List.of(new Executable("linux-mips", new File("a"))), dir));
    assertMessage("sxe: <executables>: target 'linux-x86_64' is listed twice", () -> PackageConfiguration.executables(
        List.of(new Executable("linux-x86_64", new File("a")), new Executable("linux-x86_64", new File("a"))), dir));
    assertMessage("sxe: <executables>: the <file> for linux-x86_64 does not exist or is not a file: " + dir.resolve("nope"),
        () -> PackageConfiguration.executables(List.of(new Executable("linux-x86_64", new File("nope"))), dir));
    assertMessage("sxe: <executables>: the <file> for linux-x86_64 does not exist or is not a file: " + dir,
        () -> PackageConfiguration.executables(List.of(new Executable("linux-x86_64", new File("."))), dir));
    assertMessage("sxe: <executables>: the <executable> for linux-x86_64 has no <file>",
        () -> PackageConfiguration.executables(List.of(new Executable("linux-x86_64", null)), dir));
    assertTrue(assertThrows(InvalidParameterException.class,
        () -> PackageConfiguration.executables(List.of(new Executable(null, new File("a"))), dir)).getMessage().contains("has no <target>"));
  }

  @Test
  void outputTimestampLikeMaven() throws Exception {
    assertEquals(Instant.EPOCH, PackageConfiguration.outputTimestamp(null));
    assertEquals(Instant.EPOCH, PackageConfiguration.outputTimestamp("a"));
    assertEquals(Instant.ofEpochSecond(1700000000), PackageConfiguration.outputTimestamp("1700000000"));
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), PackageConfiguration.outputTimestamp("2024-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2023-12-31T22:00:00Z"), PackageConfiguration.outputTimestamp("2024-01-01T00:00:00+02:00"));
    assertMessage("sxe: <outputTimestamp>: 'yesterday' is neither epoch seconds nor an ISO-8601 date-time with an offset (such as 2024-01-01T00:00:00Z)",
        () -> PackageConfiguration.outputTimestamp("yesterday"));
  }

  @Test
  void jvmOptionsDropBlanks() {
    assertEquals(List.of("-Xmx1g", "-Da=b"), PackageConfiguration.jvmOptions(java.util.Arrays.asList(" -Xmx1g ", "", null, "-Da=b")));
  }

  interface Call {
    void run() throws Exception;
  }

  @Test
  void runtimeIsSystemOrJlink() throws Exception {
    assertEquals(PackageConfiguration.RuntimeKind.SYSTEM, PackageConfiguration.runtime(null));
    assertEquals(PackageConfiguration.RuntimeKind.JLINK, PackageConfiguration.runtime("jlink"));
    assertMessage("sxe: <runtime>: 'graal' is unknown; expected jlink or system", () -> PackageConfiguration.runtime("graal"));
  }

  @Test
  void moduleNamesSplitCommasAndRefuseNonsense() throws Exception {
    assertEquals(List.of("java.sql", "jdk.crypto.ec", "java.naming"),
        PackageConfiguration.moduleNames("addModules", List.of("java.sql, jdk.crypto.ec", "", "java.naming", "java.sql")));
    assertEquals(List.of(), PackageConfiguration.moduleNames("modules", null));
    assertMessage("sxe: <modules>: 'java-sql' is not a module name", () -> PackageConfiguration.moduleNames("modules", List.of("java-sql")));
  }

  @Test
  void jlinkTargetsDefaultToTheJdkPlatformAndNeedAJdkForOthers() throws Exception {
    assertEquals(Map.of(Target.LINUX_X86_64, Path.of("")).keySet(),
        PackageConfiguration.jlinkTargets(List.of(), Target.LINUX_X86_64, dir).keySet());
    Map<Target, Path> two = PackageConfiguration.jlinkTargets(
        List.of(new TargetSpec("linux-x86_64", null), new TargetSpec("linux-aarch64", new File("jdks/arm"))), Target.LINUX_X86_64, dir);
    assertEquals(List.of(Target.LINUX_X86_64, Target.LINUX_AARCH64), List.copyOf(two.keySet()));
    assertEquals(dir.resolve("jdks/arm"), two.get(Target.LINUX_AARCH64));
    assertMessage("sxe: <targets>: runtime=jlink links a runtime for linux-x86_64 (the platform of the build's JDK); for darwin-aarch64"
        + " name a JDK of that platform with jmods: <target><id>darwin-aarch64</id><jdkHome>...</jdkHome></target>",
        () -> PackageConfiguration.jlinkTargets(List.of(new TargetSpec("darwin-aarch64", null)), Target.LINUX_X86_64, dir));
    assertMessage("sxe: <targets>: target 'linux-x86_64' is listed twice", () -> PackageConfiguration.jlinkTargets(
        List.of(new TargetSpec("linux-x86_64", null), new TargetSpec("linux-x86_64", null)), Target.LINUX_X86_64, dir));
    assertEquals(List.of("a", "b", "c"), PackageConfiguration.targetIds(List.of(new TargetSpec("a,b", null), new TargetSpec("c", null))));
  }

  static void assertMessage(String expected, Call call) {
    InvalidParameterException e = assertThrows(InvalidParameterException.class, call::run);
    assertEquals(expected, e.getMessage());
  }
}
