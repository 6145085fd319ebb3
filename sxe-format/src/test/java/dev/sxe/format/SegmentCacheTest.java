package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentCacheTest {

  @TempDir Path tmp;

  /** app/ (small, changes) and runtime/ (large, stable), like a jlinked Java application. */
  private Path tree(String appText) throws IOException {
    Path root = tmp.resolve("tree");
    Files.createDirectories(root.resolve("runtime/bin"));
    Files.createDirectories(root.resolve("runtime/lib"));
    Files.createDirectories(root.resolve("app/lib"));
    Path java = root.resolve("runtime/bin/java");
    if (!Files.exists(java)) {
      Files.writeString(java, "#!/bin/sh\necho java\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
      byte[] big = new byte[3 << 20];
      Random r = new Random(7);
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i % 5 == 0 ? r.nextInt() : i >> 12);
      }
      Files.write(root.resolve("runtime/lib/modules"), big);
      Files.writeString(root.resolve("runtime/" + "long-name-".repeat(12) + ".txt"), "long");
      Files.createSymbolicLink(root.resolve("runtime/lib/link"), Path.of("modules"));
    }
    Files.writeString(root.resolve("app/app.jar"), appText);
    Files.writeString(root.resolve("app/lib/dep.jar"), "dependency");
    return root;
  }

  private static CompressionSettings settings(String codec) {
    return switch (codec) {
      case "zstd" -> CompressionSettings.zstdLong(3, 27);
      case "lz4" -> CompressionSettings.lz4(1);
      default -> CompressionSettings.none();
    };
  }

  private WriteResult write(Path tree, String codec, Path cache, Path out) throws IOException {
    ContainerBuilder b = ContainerBuilder.create("app", "1.0").compression(settings(codec)).timestamp(Instant.ofEpochSecond(1_700_000_000))
        .add(EntrySpec.tree(Target.LINUX_X86_64, tree, "runtime/bin/java").withArgs(List.of("-cp", "${SXE_HOME}/app/app.jar")));
    if (cache != null) {
      b.segmentCache(cache);
    }
    return b.writeTo(out);
  }

  private static byte[] payload(Path file) throws IOException {
    try (Container c = Container.open(file); InputStream in = c.openPayload(c.entries().get(0))) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      in.transferTo(o);
      return o.toByteArray();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4", "none"})
  void segmentsCarryTheSamePayloadAsOneFrame(String codec) throws IOException {
    Path tree = tree("v1");
    Path whole = tmp.resolve("whole");
    Path segmented = tmp.resolve("segmented");
    ManifestEntry a = write(tree, codec, null, whole).entries().get(0);
    ManifestEntry b = write(tree, codec, tmp.resolve("cache"), segmented).entries().get(0);
    assertEquals(a.uncompressedSize(), b.uncompressedSize());
    assertEquals(a.checksum(), b.checksum());
    assertEquals(a.sha256(), b.sha256());
    assertArrayEquals(payload(whole), payload(segmented));
    try (Container c = Container.open(segmented)) {
      c.verify(c.entries().get(0));
      Path dest = tmp.resolve("x");
      c.extract(c.entries().get(0), dest);
      assertEquals(Files.size(tree.resolve("runtime/lib/modules")), Files.size(dest.resolve("runtime/lib/modules")));
      assertEquals("v1", Files.readString(dest.resolve("app/app.jar")));
      assertTrue(Files.isExecutable(dest.resolve("runtime/bin/java")));
      assertTrue(Files.isSymbolicLink(dest.resolve("runtime/lib/link")));
    }
  }

  @Test
  void aChangedAppReusesTheCachedRuntimeFrame() throws IOException {
    Path cache = tmp.resolve("cache");
    Path tree = tree("v1");
    write(tree, "zstd", cache, tmp.resolve("first"));
    List<Path> frames = frames(cache);
    assertEquals(1, frames.size(), "only the large runtime segment is cached: " + frames);
    Files.setLastModifiedTime(frames.get(0), FileTime.fromMillis(0));

    write(tree("v2"), "zstd", cache, tmp.resolve("second"));
    assertEquals(frames, frames(cache), "no new frame");
    assertEquals(0, Files.getLastModifiedTime(frames.get(0)).toMillis(), "the cached frame was reused, not rewritten");

    // Byte-identical to a build that compressed everything afresh, and to one without segments
    // in what it carries.
    write(tree, "zstd", tmp.resolve("fresh-cache"), tmp.resolve("fresh"));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("fresh")), Files.readAllBytes(tmp.resolve("second")));
    assertNotEquals(payload(tmp.resolve("first")).length, 0);
    try (Container c = Container.open(tmp.resolve("second"))) {
      Path dest = tmp.resolve("y");
      c.extract(c.entries().get(0), dest);
      assertEquals("v2", Files.readString(dest.resolve("app/app.jar")));
    }
  }

  private static List<Path> frames(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.sorted().toList();
    }
  }
}
