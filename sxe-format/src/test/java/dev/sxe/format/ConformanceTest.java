package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files written to the letter of the PBIN v1 spec, by hand, are read and verified. */
class ConformanceTest {

  @TempDir Path tmp;

  static byte[] compressWithCli(String codec, byte[] data, Path tmp) throws Exception {
    if (codec.equals("none")) {
      return data;
    }
    Path in = Files.write(tmp.resolve("in"), data);
    Process p = new ProcessBuilder(codec, "-q", "-c", codec.equals("zstd") ? "-19" : "-9", in.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), codec + " CLI failed");
    return out;
  }

  @ParameterizedTest
  @CsvSource({"zstd,1,false", "zstd,1,true", "lz4,2,false", "lz4,2,true", "none,0,false", "none,0,true"})
  void handWrittenPbinFilesAreReadAndVerified(String codec, int compressionId, boolean newline) throws Exception {
    byte[] original = ("a payload written by hand, " + "repeated ".repeat(500)).getBytes(StandardCharsets.US_ASCII);
    byte[] compressed = compressWithCli(codec, original, tmp);
    int markerLength = newline ? 17 : 16;
    String manifest = PbinFiles.oneEntryManifest(markerLength, "linux-aarch64", compressed, original);
    byte[] file = PbinFiles.assemble(newline, PbinFiles.header(1, compressionId, 1, manifest.length(), 0), manifest, compressed);
    Path path = Files.write(tmp.resolve("hand.pbin"), file);

    try (Container c = Container.open(path)) {
      assertFalse(c.trailer().isPresent());
      assertFalse(c.manifest().isSxe());
      assertEquals(StubKind.SCRIPT, c.stubKind());
      assertEquals(PbinFiles.STUB.length(), c.stubSize());
      assertEquals(markerLength, c.markerLength());
      assertEquals("hand", c.manifest().name());
      ManifestEntry e = c.entry(Target.LINUX_AARCH64).orElseThrow();
      assertEquals(PayloadKind.BINARY, e.kind());
      c.verify(e);
      Path out = tmp.resolve("out");
      c.extract(e, out);
      assertArrayEquals(original, Files.readAllBytes(out));
    }
  }
}
