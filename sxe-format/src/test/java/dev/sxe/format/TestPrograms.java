package dev.sxe.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real executables for tests, compiled once per JVM from src/test/resources. */
final class TestPrograms {

  private static Path probe;

  private TestPrograms() {}

  /** The probe program (see probe.c): echoes arguments as [arg], handles --exit, --sleep, --stdin, --env, --touch. */
  static synchronized Path probe() throws IOException, InterruptedException {
    if (probe == null) {
      Path dir = Files.createTempDirectory("sxe-probe");
      Path src = dir.resolve("probe.c");
      try (InputStream in = TestPrograms.class.getResourceAsStream("/probe.c")) {
        Files.copy(in, src);
      }
      Path out = dir.resolve("probe");
      Process p = new ProcessBuilder("cc", "-O2", "-o", out.toString(), src.toString()).inheritIO().start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("cc could not compile probe.c");
      }
      probe = out;
    }
    return probe;
  }
}
