package dev.sxe.format;

import java.util.List;

/**
 * One entry of the manifest: PBIN's five fields plus what sxe keeps under {@code sxe}.
 *
 * @param kind binary or tree; a plain PBIN entry (no {@code sxe} object) is a binary
 * @param exec for a tree, the path inside it to run; for a binary, the file name it is extracted as
 * @param args arguments put before the user's; {@code ${SXE_HOME}} expands to the extracted directory
 * @param hostCommand a program found on the host at run time instead of {@code exec} (only {@code java})
 * @param sha256 SHA-256 of the uncompressed payload, for shells without b3sum
 * @param launcher the raw native launcher embedded for this target by the polyglot stub, if any
 */
public record ManifestEntry(
    Target target,
    long offset,
    long compressedSize,
    long uncompressedSize,
    String checksum,
    PayloadKind kind,
    String exec,
    List<String> args,
    String hostCommand,
    String sha256,
    LauncherRef launcher) {

  public ManifestEntry {
    args = args == null ? List.of() : List.copyOf(args);
  }

  /** Where a raw launcher executable sits in the file, and its BLAKE3 and SHA-256. */
  public record LauncherRef(long offset, long size, String checksum, String sha256) {}

  ManifestEntry withOffset(long newOffset) {
    return new ManifestEntry(target, newOffset, compressedSize, uncompressedSize, checksum, kind, exec, args, hostCommand, sha256, launcher);
  }

  ManifestEntry withLauncher(LauncherRef ref) {
    return new ManifestEntry(target, offset, compressedSize, uncompressedSize, checksum, kind, exec, args, hostCommand, sha256, ref);
  }
}
