package dev.sxe.format;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What {@link ContainerBuilder#writeTo} wrote. */
public record WriteResult(Path file, long fileSize, long stubSize, StubKind stubKind, List<ManifestEntry> entries, Duration elapsed) {

  public WriteResult {
    entries = List.copyOf(entries);
  }

  public long uncompressedTotal() {
    return entries.stream().mapToLong(ManifestEntry::uncompressedSize).sum();
  }
}
