package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What this library writes (zstd-jni, lz4-java) is decoded byte for byte by the launcher's own C
 * decoders (the sxe-launcher module's tools, built earlier in the reactor).
 */
class NativeDecoderInteropTest {

  @TempDir Path tmp;

  private static Path tool(String name) {
    Path p = Path.of("..", "sxe-launcher", "build", name).toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(p), p + " is missing: build the sxe-launcher module first (mvn -pl sxe-launcher compile)");
    return p;
  }

  private static byte[] sample(int size) {
    byte[] b = new byte[size];
    Random r = new Random(size);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i & 0x3ff) < 700 ? i / 3 : r.nextInt(16));
    }
    return b;
  }

  @ParameterizedTest
  @CsvSource({"zstd,1,0,0", "zstd,19,0,1000", "zstd,19,27,3000000", "zstd,3,0,9000000", "lz4,1,0,0", "lz4,9,0,1000", "lz4,12,0,9000000"})
  void cDecodersReadWhatTheLibraryWrites(String codec, int level, int window, int size) throws Exception {
    byte[] data = sample(size);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = Codecs.compressor(new CompressionSettings(Compression.parse(codec), level, window), compressed)) {
      out.write(data);
    }
    Path in = Files.write(tmp.resolve("in"), compressed.toByteArray());
    for (String sizeMode : new String[] {null, Integer.toString(size)}) {
      Path out = tmp.resolve("out");
      ProcessBuilder pb = sizeMode == null
          ? new ProcessBuilder(tool("sxe-un" + codec).toString(), "-o", out.toString(), in.toString())
          : new ProcessBuilder(tool("sxe-un" + codec).toString(), "--size", sizeMode, "-o", out.toString(), in.toString());
      Process p = pb.redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), log);
      assertArrayEquals(data, Files.readAllBytes(out), codec + " level " + level + " size " + size);
      Files.delete(out);
    }
  }
}
