package dev.sxe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLogTest {

  @Test
  void logsEachTenthOnceForLargePayloadsOnly() {
    List<String> lines = new ArrayList<>();
    ProgressLog log = new ProgressLog(lines::add);
    long total = 100L << 20;
    for (long done = 0; done <= total; done += 8L << 20) {
      log.progress("compress linux-x86_64", done, total);
    }
    log.progress("compress linux-x86_64", total, total);
    log.progress("compress small", 10, 10);
    assertEquals("compress linux-x86_64: 0% (0 B of 100.0 MiB)", lines.get(0));
    assertEquals("compress linux-x86_64: 100% (100.0 MiB of 100.0 MiB)", lines.get(lines.size() - 1));
    assertEquals(11, lines.size(), lines.toString());
  }
}
