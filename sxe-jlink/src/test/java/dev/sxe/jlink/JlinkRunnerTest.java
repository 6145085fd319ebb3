package dev.sxe.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlinkRunnerTest {

  @TempDir Path tmp;

  @Test
  void linksOnceThenHitsTheCache() throws Exception {
    Jdk jdk = Jdk.current();
    Path cache = tmp.resolve("cache");
    JlinkRunner runner = new JlinkRunner(jdk, cache);
    RuntimeImage first = runner.link(List.of("java.base"));
    assertFalse(first.cached());
    assertTrue(first.cds());
    assertEquals(cache.resolve(first.key()), first.home());
    assertTrue(Files.isExecutable(first.home().resolve("bin/java")));
    assertTrue(Files.isRegularFile(first.home().resolve("lib/server/classes.jsa")), "default CDS archive");
    assertFalse(Files.exists(first.home().resolve("lib/server/classes_nocoops.jsa")));
    assertFalse(Files.exists(first.home().resolve("include")), "--no-header-files");

    long before = Files.getLastModifiedTime(first.home().resolve("lib/modules")).toMillis();
    RuntimeImage second = new JlinkRunner(jdk, cache).link(List.of("java.base"));
    assertTrue(second.cached());
    assertEquals(first.home(), second.home());
    assertEquals(before, Files.getLastModifiedTime(second.home().resolve("lib/modules")).toMillis());
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(1, s.count(), "no temp directory is left behind");
    }

    // The image runs and lists exactly its modules.
    Tool.Result r = Tool.run(second.home().resolve("bin/java"), List.of("--list-modules"));
    assertEquals(0, r.exitCode());
    assertTrue(r.stdout().startsWith("java.base"), r.stdout());
    assertEquals(1, TestJars.lines(r.stdout()).size(), r.stdout());

    // Copying it out keeps it runnable.
    Path copy = tmp.resolve("tree/runtime");
    second.installInto(copy);
    assertEquals(0, Tool.run(copy.resolve("bin/java"), List.of("-version")).exitCode());

    // Other modules or options are another key.
    assertNotEquals(first.key(), new JlinkRunner(jdk, cache).cds(false).link(List.of("java.base")).key());
  }

  @Test
  void strippedNativeSymbolsKeepTheImageAndItsCdsArchiveWorking() throws Exception {
    Path home = Path.of(System.getProperty("java.home"));
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/strip")), "needs strip");
    RuntimeImage image = new JlinkRunner(Jdk.current(), tmp.resolve("cache")).stripNativeSymbols(true).link(List.of("java.base"));
    Path libjvm = image.home().resolve("lib/server/libjvm.so");
    assertTrue(Files.size(libjvm) <= Files.size(home.resolve("lib/server/libjvm.so")));
    Tool.Result r = Tool.run(image.home().resolve("bin/java"), List.of("-Xshare:on", "-version"));
    assertEquals(0, r.exitCode(), r.stderr());
  }

  @Test
  void aJdkWithoutJmodsCannotCrossLink() throws Exception {
    Path fake = Files.createDirectories(tmp.resolve("fake-jdk"));
    Files.writeString(fake.resolve("release"), "JAVA_VERSION=\"" + Runtime.version().feature() + "\"\nOS_NAME=\"Linux\"\nOS_ARCH=\"aarch64\"\n");
    JlinkException e = assertThrows(JlinkException.class,
        () -> new JlinkRunner(Jdk.current(), tmp.resolve("cache")).link(List.of("java.base"), Jdk.at(fake)));
    assertEquals("JDK at " + fake.toAbsolutePath() + " has no jmods; it cannot link for another platform", e.getMessage());
  }

  @Test
  void linksFromAnotherJdksJmodsWithoutCds() throws Exception {
    // Another home of a JDK with jmods stands in for a JDK of another platform: jlink of the
    // running JDK links its jmods, and generates no CDS archive (that would run its java).
    Path home = Path.of(System.getProperty("java.home"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(home.resolve("jmods/java.base.jmod")), "needs jmods");
    Path other = tmp.resolve("other-jdk");
    Files.createDirectories(other);
    Files.copy(home.resolve("release"), other.resolve("release"));
    Files.createSymbolicLink(other.resolve("jmods"), home.resolve("jmods"));
    RuntimeImage image = new JlinkRunner(Jdk.current(), tmp.resolve("cache")).link(List.of("java.base"), Jdk.at(other));
    assertFalse(image.cds());
    assertFalse(Files.exists(image.home().resolve("lib/server/classes.jsa")));
    assertEquals(List.of(), image.appCdsOptions("${SXE_HOME}"));
    assertEquals(0, Tool.run(image.home().resolve("bin/java"), List.of("-version")).exitCode());
  }

  @Test
  void aJdkWithoutJmodsLinksFromItsRunTimeImage() throws Exception {
    // JEP 493 (JDK 24+): Temurin 25 ships no jmods; set SXE_TEST_JDK25 to another such JDK.
    Path jdk25 = Path.of(System.getenv().getOrDefault("SXE_TEST_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jdk25.resolve("release")), "no JDK 25 at " + jdk25);
    Jdk jdk = Jdk.at(jdk25);
    org.junit.jupiter.api.Assumptions.assumeFalse(jdk.hasJmods(), "this JDK has jmods");
    RuntimeImage image = new JlinkRunner(jdk, tmp.resolve("cache")).link(List.of("java.base"));
    assertTrue(image.cds());
    assertTrue(Files.isRegularFile(image.home().resolve("lib/server/classes.jsa")));
    assertEquals(3, image.appCdsOptions("${SXE_HOME}").size());
    Tool.Result r = Tool.run(image.home().resolve("bin/java"), List.of("-Xshare:on", "--list-modules"));
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stdout().startsWith("java.base@" + jdk.feature()), r.stdout());
  }

  @Test
  void appCdsOptionsOnlyFrom19() {
    RuntimeImage on17 = new RuntimeImage(tmp, List.of("java.base"), Runtime.Version.parse("17.0.15"), "linux-x86_64", "k", false, true);
    RuntimeImage on25 = new RuntimeImage(tmp, List.of("java.base"), Runtime.Version.parse("25.0.3"), "linux-x86_64", "k", false, true);
    assertEquals(List.of(), on17.appCdsOptions("${SXE_HOME}"));
    assertEquals(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=${SXE_HOME}/app.jsa", "-Xlog:cds*=off"), on25.appCdsOptions("${SXE_HOME}"));
  }
}
