package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerRoundTripTest {

  @TempDir Path tmp;

  private Path sampleBinary(int size, long seed) throws IOException {
    byte[] b = new byte[size];
    Random r = new Random(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i % 7 == 0 ? r.nextInt() : i / 1000);
    }
    Path p = tmp.resolve("bin-" + seed);
    Files.write(p, b);
    return p;
  }

  private Path sampleTree() throws IOException {
    Path root = tmp.resolve("tree");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("lib/deep/er"));
    Files.writeString(root.resolve("bin/run"), "#!/bin/sh\necho run\n");
    Files.setPosixFilePermissions(root.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("lib/deep/er/data.txt"), "data");
    Files.writeString(root.resolve("lib/" + "long-name-".repeat(20) + ".txt"), "long");
    Files.createSymbolicLink(root.resolve("lib/link"), Path.of("deep/er/data.txt"));
    return root;
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4", "none"})
  void binaryRoundTripsThroughEveryCodec(String codec) throws IOException {
    Path bin = sampleBinary(3_000_000, 1);
    Compression c = Compression.parse(codec);
    CompressionSettings settings = c == Compression.NONE ? CompressionSettings.none() : new CompressionSettings(c, c == Compression.ZSTD ? 3 : 9, 0);
    Path out = tmp.resolve("app-" + codec);
    WriteResult r = ContainerBuilder.create("app", "1.2.3").compression(settings)
        .add(EntrySpec.binary(Target.LINUX_X86_64, bin)).writeTo(out);
    assertEquals(Files.size(out), r.fileSize());
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

    try (Container container = Container.open(out)) {
      assertEquals(StubKind.POLYGLOT, container.stubKind());
      assertEquals(c, container.compression());
      assertTrue(container.trailer().isPresent());
      assertEquals(16, container.markerLength());
      ManifestEntry e = container.entry(Target.LINUX_X86_64).orElseThrow();
      assertEquals(3_000_000, e.uncompressedSize());
      assertEquals(HexFormat.of().formatHex(Blake3.hash(Files.readAllBytes(bin))), e.checksum());
      assertEquals("app", e.exec());
      container.verify(e);
      Path extracted = tmp.resolve("x/app");
      container.extract(e, extracted);
      assertArrayEquals(Files.readAllBytes(bin), Files.readAllBytes(extracted));
      assertTrue(Files.isExecutable(extracted));
      if (c != Compression.NONE) {
        assertTrue(e.compressedSize() < e.uncompressedSize(), "compressed " + e.compressedSize());
      }
    }
  }

  @Test
  void lz4PayloadIsAStandardFrameTheLz4CliReads() throws Exception {
    Path bin = sampleBinary(500_000, 2);
    Path out = tmp.resolve("app");
    ContainerBuilder.create("app", "1").compression(CompressionSettings.lz4(9)).add(EntrySpec.binary(Target.LINUX_X86_64, bin)).writeTo(out);
    try (Container c = Container.open(out)) {
      ManifestEntry e = c.entries().get(0);
      byte[] all = Files.readAllBytes(out);
      Path frame = tmp.resolve("frame.lz4");
      Files.write(frame, java.util.Arrays.copyOfRange(all, (int) e.offset(), (int) (e.offset() + e.compressedSize())));
      Process p = new ProcessBuilder("lz4", "-dc", frame.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] decoded = p.getInputStream().readAllBytes();
      assertEquals(0, p.waitFor());
      assertArrayEquals(Files.readAllBytes(bin), decoded);
    }
  }

  @Test
  void treeRoundTripsWithModesLinksAndLongNames() throws IOException {
    Path tree = sampleTree();
    Path out = tmp.resolve("tree-app");
    ContainerBuilder.create("tree-app", "1").compression(CompressionSettings.zstd(3))
        .add(EntrySpec.tree(Target.LINUX_X86_64, tree, "bin/run").withArgs(List.of("--home=${SXE_HOME}"))).writeTo(out);
    try (Container c = Container.open(out)) {
      ManifestEntry e = c.entries().get(0);
      assertEquals(PayloadKind.TREE, e.kind());
      assertEquals("bin/run", e.exec());
      assertEquals(List.of("--home=${SXE_HOME}"), e.args());
      Path dest = tmp.resolve("unpacked");
      c.extract(e, dest);
      assertTrue(Files.isExecutable(dest.resolve("bin/run")));
      assertEquals("data", Files.readString(dest.resolve("lib/link")));
      assertTrue(Files.isSymbolicLink(dest.resolve("lib/link")));
      assertEquals("long", Files.readString(dest.resolve("lib/" + "long-name-".repeat(20) + ".txt")));
    }
  }

  @Test
  void sameInputsAndTimestampGiveIdenticalBytes() throws IOException {
    Path tree = sampleTree();
    Path bin = sampleBinary(200_000, 3);
    Instant t = Instant.parse("2024-01-02T03:04:05Z");
    byte[][] outputs = new byte[3][];
    for (int i = 0; i < 3; i++) {
      Path out = tmp.resolve("repro-" + i);
      ContainerBuilder.create("repro", "1").timestamp(i < 2 ? t : t.plusSeconds(60))
          .add(EntrySpec.tree(Target.LINUX_X86_64, tree, "bin/run"))
          .add(EntrySpec.binary(Target.DARWIN_AARCH64, bin)).writeTo(out);
      outputs[i] = Files.readAllBytes(out);
    }
    assertArrayEquals(outputs[0], outputs[1]);
    assertFalse(java.util.Arrays.equals(outputs[0], outputs[2]), "a different timestamp changes the tree's mtimes");
  }

  @Test
  void manifestKeepsPbinFieldsAndPutsExtensionsUnderSxe() throws IOException {
    Path out = tmp.resolve("m");
    ContainerBuilder.create("m", "2.0").add(EntrySpec.binary(Target.LINUX_X86_64, sampleBinary(1000, 4))).writeTo(out);
    try (Container c = Container.open(out)) {
      var json = c.manifest().toTree();
      assertEquals("m", json.get("name").asText());
      assertEquals("2.0", json.get("version").asText());
      var e = json.get("entries").get(0);
      for (String f : List.of("target", "offset", "compressed_size", "uncompressed_size", "checksum")) {
        assertTrue(e.has(f), f);
      }
      assertEquals("binary", e.get("sxe").get("kind").asText());
      assertEquals(64, e.get("sxe").get("sha256").asText().length());
      assertEquals("user", json.get("sxe").get("cache").asText());
      assertEquals(1, json.get("sxe").get("format").asInt());
    }
  }

  @Test
  void openPayloadStreamsWithoutHoldingThePayload() throws IOException {
    Path bin = sampleBinary(5_000_000, 5);
    Path out = tmp.resolve("s");
    ContainerBuilder.create("s", "1").compression(CompressionSettings.zstd(1)).add(EntrySpec.binary(Target.LINUX_X86_64, bin)).writeTo(out);
    try (Container c = Container.open(out); InputStream in = c.openPayload(c.entries().get(0))) {
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
      assertEquals(5_000_000, total);
    }
  }

  @Test
  void configurationErrorsNameTheProblem() throws IOException {
    Path missing = tmp.resolve("nope");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContainerBuilder.create("a", "1").add(EntrySpec.binary(Target.LINUX_X86_64, missing)).writeTo(tmp.resolve("o")));
    assertTrue(e.getMessage().contains("is not a file"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ContainerBuilder.create("a b", "1"));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Target.parse("linux-mips"));
    assertTrue(e.getMessage().contains("linux-x86_64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CompressionSettings.zstd(23));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    Path real = Files.writeString(tmp.resolve("real"), "x");
    e = assertThrows(IllegalArgumentException.class, () -> ContainerBuilder.create("a", "1")
        .add(EntrySpec.binary(Target.LINUX_X86_64, real)).add(EntrySpec.binary(Target.LINUX_X86_64, real)).writeTo(tmp.resolve("o")));
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void extractRefusesToOverwrite() throws IOException {
    Path out = tmp.resolve("o");
    ContainerBuilder.create("o", "1").add(EntrySpec.binary(Target.LINUX_X86_64, sampleBinary(10, 6))).writeTo(out);
    Path existing = Files.writeString(tmp.resolve("existing"), "keep", StandardCharsets.UTF_8);
    try (Container c = Container.open(out)) {
      assertThrows(IOException.class, () -> c.extract(c.entries().get(0), existing));
    }
    assertEquals("keep", Files.readString(existing));
  }

  @Test
  void entriesPackingTheSameTreeShareOnePayload() throws IOException {
    Path tree = sampleTree();
    Path out = tmp.resolve("shared");
    ContainerBuilder.create("shared", "1").embedLaunchers(false)
        .add(EntrySpec.hostJava(Target.LINUX_X86_64, tree, List.of("-cp", "${SXE_HOME}/lib", "Main")))
        .add(EntrySpec.hostJava(Target.DARWIN_AARCH64, tree, List.of("-cp", "${SXE_HOME}/lib", "Main")))
        .add(EntrySpec.binary(Target.LINUX_AARCH64, sampleBinary(1000, 9)))
        .writeTo(out);
    try (Container c = Container.open(out)) {
      ManifestEntry a = c.entry(Target.LINUX_X86_64).orElseThrow();
      ManifestEntry b = c.entry(Target.DARWIN_AARCH64).orElseThrow();
      ManifestEntry bin = c.entry(Target.LINUX_AARCH64).orElseThrow();
      assertEquals(a.offset(), b.offset());
      assertEquals(a.checksum(), b.checksum());
      assertEquals("java", b.hostCommand());
      assertTrue(bin.offset() == a.offset() + a.compressedSize(), "the binary follows the one shared payload");
      assertEquals(c.fileSize(), c.stubSize() + 16 + 64 + c.header().manifestSize() + a.compressedSize() + bin.compressedSize() + 32);
      c.verify(b);
      c.verify(bin);
    }
  }
}
