package dev.sxe.format;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What {@link ContainerBuilder#writeTo} wrote. */
public record WriteResult(Path file, long fileSize, long stubSize, StubKind stubKind, List<ManifestEntry> entries, Duration elapsed) {

  public WriteResult {
    entries = List.copyOf(entries);
  }

  /** Uncompressed bytes of the distinct payloads (entries may share one). */
  public long uncompressedTotal() {
    return distinctPayloads().mapToLong(ManifestEntry::uncompressedSize).sum();
  }

  /** Compressed bytes of the distinct payloads, as stored in the file. */
  public long compressedTotal() {
    return distinctPayloads().mapToLong(ManifestEntry::compressedSize).sum();
  }

  private java.util.stream.Stream<ManifestEntry> distinctPayloads() {
    java.util.Set<Long> seen = new java.util.HashSet<>();
    return entries.stream().filter(e -> seen.add(e.offset()));
  }
}
