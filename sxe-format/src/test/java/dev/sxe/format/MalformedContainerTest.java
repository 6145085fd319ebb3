package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of damage is rejected with its own problem and a message naming file and cause. */
class MalformedContainerTest {

  @TempDir Path tmp;
  private byte[] original;
  private String manifest;
  private byte[] good;

  @BeforeEach
  void setUp() {
    original = "the payload bytes".repeat(100).getBytes(StandardCharsets.US_ASCII);
    manifest = PbinFiles.oneEntryManifest(16, "linux-x86_64", original, original);
    good = PbinFiles.assemble(false, PbinFiles.header(1, 0, 1, manifest.length(), 0), manifest, original);
  }

  private InvalidContainerException rejected(byte[] bytes, Problem expected) throws IOException {
    Path p = Files.write(tmp.resolve("bad-" + expected), bytes);
    InvalidContainerException e = assertThrows(InvalidContainerException.class, () -> {
      try (Container c = Container.open(p)) {
        for (ManifestEntry entry : c.entries()) {
          c.verify(entry);
        }
      }
    });
    assertEquals(expected, e.problem(), e.getMessage());
    assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
    return e;
  }

  private byte[] withManifest(String m, int entryCount) {
    return PbinFiles.assemble(false, PbinFiles.header(1, 0, entryCount, m.length(), 0), m, original);
  }

  @Test
  void theGoodFileIsGood() throws IOException {
    try (Container c = Container.open(Files.write(tmp.resolve("good"), good))) {
      c.verify(c.entries().get(0));
    }
  }

  @Test
  void truncatedBeforeTheHeader() throws IOException {
    rejected(Arrays.copyOf(good, 40), Problem.TRUNCATED);
  }

  @Test
  void truncatedInsideThePayload() throws IOException {
    rejected(Arrays.copyOf(good, good.length - 10), Problem.TRUNCATED);
  }

  @Test
  void truncatedSxeContainerLosesItsTrailer() throws IOException {
    Path out = tmp.resolve("sxe");
    ContainerBuilder.create("t", "1").compression(CompressionSettings.zstd(3)).add(EntrySpec.binary(Target.LINUX_X86_64, Files.write(tmp.resolve("b"), original))).writeTo(out);
    byte[] all = Files.readAllBytes(out);
    rejected(Arrays.copyOf(all, all.length - 40), Problem.TRUNCATED);
  }

  @Test
  void notAContainerAtAll() throws IOException {
    rejected("just some text that is long enough to hold a header but has no marker at all, none, really none".getBytes(StandardCharsets.US_ASCII), Problem.BAD_MARKER);
  }

  @Test
  void badMagic() throws IOException {
    byte[] b = good.clone();
    b[PbinFiles.STUB.length() + 16] = 'Q';
    rejected(b, Problem.BAD_MAGIC);
  }

  @Test
  void unknownVersion() throws IOException {
    rejected(PbinFiles.assemble(false, PbinFiles.header(2, 0, 1, manifest.length(), 0), manifest, original), Problem.UNSUPPORTED_VERSION);
  }

  @Test
  void nonZeroFlags() throws IOException {
    rejected(PbinFiles.assemble(false, PbinFiles.header(1, 0, 1, manifest.length(), 4), manifest, original), Problem.UNSUPPORTED_FLAGS);
  }

  @Test
  void unknownCompressionId() throws IOException {
    rejected(PbinFiles.assemble(false, PbinFiles.header(1, 7, 1, manifest.length(), 0), manifest, original), Problem.UNKNOWN_COMPRESSION);
  }

  @Test
  void manifestSizePastTheEnd() throws IOException {
    rejected(PbinFiles.assemble(false, PbinFiles.header(1, 0, 1, 0xFFFF_FFFFL, 0), manifest, original), Problem.MANIFEST_OUT_OF_BOUNDS);
  }

  @Test
  void entryCountDisagreesWithManifest() throws IOException {
    rejected(PbinFiles.assemble(false, PbinFiles.header(1, 0, 3, manifest.length(), 0), manifest, original), Problem.ENTRY_COUNT_MISMATCH);
  }

  @Test
  void invalidJson() throws IOException {
    String broken = manifest.substring(0, manifest.length() - 3) + "xx";
    rejected(withManifest(broken, 1), Problem.INVALID_MANIFEST);
  }

  @Test
  void missingField() throws IOException {
    rejected(withManifest(manifest.replace("\"checksum\"", "\"chksum\""), 1), Problem.INVALID_MANIFEST);
  }

  @Test
  void unknownTarget() throws IOException {
    String m = manifest.replace("linux-x86_64", "linux-mips64");
    rejected(withManifest(m, 1), Problem.UNKNOWN_TARGET);
  }

  @Test
  void offsetInsideTheManifest() throws IOException {
    String m = manifest.replaceFirst("\"offset\":\\d+", "\"offset\":100");
    rejected(withManifest(m, 1), Problem.BAD_OFFSETS);
  }

  @Test
  void offsetPastTheEnd() throws IOException {
    String m = manifest.replaceFirst("\"offset\":(\\d+)", "\"offset\":999999$1");
    rejected(withManifest(m, 1), Problem.TRUNCATED);
  }

  @Test
  void overlappingEntries() throws IOException {
    String entry = manifest.substring(manifest.indexOf("{\"target\""), manifest.lastIndexOf(']'));
    String second = entry.replace("linux-x86_64", "darwin-x86_64").replace(PbinFiles.blake3(original), "0".repeat(64));
    String m = manifest.replace(entry, entry + "," + second);
    rejected(withManifest(m, 2), Problem.BAD_OFFSETS);
  }

  @Test
  void duplicateTarget() throws IOException {
    String entry = manifest.substring(manifest.indexOf("{\"target\""), manifest.lastIndexOf(']'));
    rejected(withManifest(manifest.replace(entry, entry + "," + entry), 2), Problem.DUPLICATE_TARGET);
  }

  @Test
  void checksumMismatch() throws IOException {
    byte[] b = good.clone();
    b[b.length - 5] ^= 1;
    InvalidContainerException e = rejected(b, Problem.CHECKSUM_MISMATCH);
    assertTrue(e.getMessage().contains("linux-x86_64"), e.getMessage());
  }

  @Test
  void sizeMismatch() throws IOException {
    String m = manifest.replace("\"uncompressed_size\":" + original.length, "\"uncompressed_size\":" + (original.length - 1));
    rejected(withManifest(m, 1), Problem.SIZE_MISMATCH);
  }

  @Test
  void corruptZstdPayload() throws IOException {
    Path out = tmp.resolve("z");
    ContainerBuilder.create("z", "1").compression(CompressionSettings.zstd(3)).add(EntrySpec.binary(Target.LINUX_X86_64, Files.write(tmp.resolve("b"), original))).writeTo(out);
    byte[] all = Files.readAllBytes(out);
    try (Container c = Container.open(out)) {
      ManifestEntry e = c.entries().get(0);
      all[(int) (e.offset() + e.compressedSize() / 2)] ^= 0x55;
    }
    Path p = Files.write(tmp.resolve("z2"), all);
    InvalidContainerException ex = assertThrows(InvalidContainerException.class, () -> {
      try (Container c = Container.open(p)) {
        c.verify(c.entries().get(0));
      }
    });
    assertTrue(ex.problem() == Problem.CORRUPT_PAYLOAD || ex.problem() == Problem.CHECKSUM_MISMATCH, ex.getMessage());
  }

  @Test
  void damagedManifestOfAnSxeContainerFailsTheTrailerCrc() throws IOException {
    Path out = tmp.resolve("c");
    ContainerBuilder.create("c", "1").add(EntrySpec.binary(Target.LINUX_X86_64, Files.write(tmp.resolve("b"), original))).writeTo(out);
    byte[] all = Files.readAllBytes(out);
    long marker;
    try (Container c = Container.open(out)) {
      marker = c.markerOffset();
    }
    all[(int) marker + 16 + 64 + 3] ^= 1;
    rejected(all, Problem.BAD_TRAILER);
  }

  @Test
  void failedExtractionLeavesNothing() throws IOException {
    byte[] b = good.clone();
    b[b.length - 5] ^= 1;
    Path p = Files.write(tmp.resolve("bad"), b);
    Path dest = tmp.resolve("out/app");
    try (Container c = Container.open(p)) {
      assertThrows(InvalidContainerException.class, () -> c.extract(c.entries().get(0), dest));
    }
    try (var list = Files.list(dest.getParent())) {
      assertEquals(0, list.count());
    }
  }
}
