package dev.sxe.format;

/** Told how far a long step has come, so a build can show progress while it compresses. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (step, done, total) -> {};

  /**
   * @param step what is being done, for example {@code compress linux-x86_64}
   * @param done bytes handled so far
   * @param total bytes to handle, or -1 when unknown
   */
  void progress(String step, long done, long total);
}
