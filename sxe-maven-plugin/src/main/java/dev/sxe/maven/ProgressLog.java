package dev.sxe.maven;

import dev.sxe.format.ProgressListener;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Turns the library's progress reports into a log line about every 10% of large payloads. */
public final class ProgressLog implements ProgressListener {

  /** Payloads smaller than this compress quickly enough that a progress line is noise. */
  public static final long THRESHOLD = 16L << 20;

  private final Consumer<String> log;
  private final Map<String, Integer> lastTenth = new HashMap<>();

  public ProgressLog(Consumer<String> log) {
    this.log = log;
  }

  @Override
  public void progress(String step, long done, long total) {
    if (total < THRESHOLD) {
      return;
    }
    int tenth = (int) Math.min(10, done * 10 / total);
    Integer last = lastTenth.get(step);
    if (last == null || tenth > last) {
      lastTenth.put(step, tenth);
      log.accept(String.format("%s: %d%% (%s of %s)", step, tenth * 10, Sizes.human(done), Sizes.human(total)));
    }
  }
}
