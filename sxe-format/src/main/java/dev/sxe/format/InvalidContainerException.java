package dev.sxe.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A container, or a tree inside it, that cannot be trusted. The message always reads
 * {@code <file>: <problem>} so that callers can print it as the single line of an error.
 */
public class InvalidContainerException extends IOException {

  /** What is wrong, for callers that react differently to each kind of damage. */
  public enum Problem {
    TRUNCATED,
    BAD_MARKER,
    BAD_MAGIC,
    UNSUPPORTED_VERSION,
    UNSUPPORTED_FLAGS,
    BAD_TRAILER,
    MANIFEST_OUT_OF_BOUNDS,
    INVALID_MANIFEST,
    ENTRY_COUNT_MISMATCH,
    UNKNOWN_COMPRESSION,
    UNKNOWN_TARGET,
    DUPLICATE_TARGET,
    BAD_OFFSETS,
    CORRUPT_PAYLOAD,
    SIZE_MISMATCH,
    CHECKSUM_MISMATCH,
    UNSAFE_TREE_ENTRY
  }

  private final transient Path file;
  private final Problem problem;

  public InvalidContainerException(Path file, Problem problem, String detail) {
    this(file, problem, detail, null);
  }

  public InvalidContainerException(Path file, Problem problem, String detail, Throwable cause) {
    super(file + ": " + detail, cause);
    this.file = file;
    this.problem = problem;
  }

  public Path file() {
    return file;
  }

  public Problem problem() {
    return problem;
  }
}
