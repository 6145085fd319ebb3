package dev.sxe.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory as a reproducible POSIX tar stream: entries sorted by path, one timestamp,
 * uid/gid 0 with no owner names, modes reduced to 0755/0644. Only regular files, directories and
 * symbolic links that stay inside the tree are accepted, the same rules {@link TreeExtractor}
 * enforces on the way out.
 */
final class TreeArchiver {

  private TreeArchiver() {}

  static void write(Path root, Instant timestamp, OutputStream out) throws IOException {
    writeEntries(root, sortedPaths(root), timestamp, out, true);
  }

  /**
   * The tree's paths in tar order, split by their first name component ({@code app/...},
   * {@code runtime/...}). Paths sharing a prefix are contiguous in sorted order, so writing the
   * groups one after another with {@link #writeEntries} (only the last one finished) gives the
   * very bytes {@link #write} gives.
   */
  static List<List<Path>> segments(Path root) throws IOException {
    List<List<Path>> groups = new ArrayList<>();
    String current = null;
    for (Path p : sortedPaths(root)) {
      String top = root.relativize(p).getName(0).toString();
      if (!top.equals(current)) {
        groups.add(new ArrayList<>());
        current = top;
      }
      groups.get(groups.size() - 1).add(p);
    }
    return groups;
  }

  private static List<Path> sortedPaths(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + ": not a directory");
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root)).forEach(paths::add);
    }
    paths.sort((a, b) -> tarName(root, a).compareTo(tarName(root, b)));
    return paths;
  }

  /**
   * Writes {@code paths} (in tar order, all under {@code root}) as tar entries; with
   * {@code finish} the end-of-archive records follow, without it the stream stops after the last
   * entry, ready for more entries from another call. Records are 512 bytes and unblocked, so
   * every byte of a closed entry has reached {@code out} when this returns.
   */
  static void writeEntries(Path root, List<Path> paths, Instant timestamp, OutputStream out, boolean finish) throws IOException {
    FileTime mtime = FileTime.from(Instant.ofEpochSecond(timestamp.getEpochSecond()));
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    byte[] buf = new byte[64 * 1024];
    for (Path p : paths) {
      String name = tarName(root, p);
      TarArchiveEntry entry;
      boolean regular = false;
      if (Files.isSymbolicLink(p)) {
        Path target = Files.readSymbolicLink(p);
        if (target.isAbsolute() || !p.getParent().resolve(target).normalize().startsWith(root.normalize())) {
          throw new IOException(p + ": symbolic link to " + target + " leaves the tree");
        }
        entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target.toString().replace('\\', '/'));
        entry.setMode(0120777);
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        entry = new TarArchiveEntry(name);
        entry.setMode(040755);
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        entry = new TarArchiveEntry(name);
        entry.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
        entry.setSize(Files.size(p));
        regular = true;
      } else {
        throw new IOException(p + ": only regular files, directories and symbolic links can be packed");
      }
      entry.setLastModifiedTime(mtime);
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("");
      entry.setGroupName("");
      tar.putArchiveEntry(entry);
      if (regular) {
        try (InputStream in = Files.newInputStream(p)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            tar.write(buf, 0, n);
          }
        }
      }
      tar.closeArchiveEntry();
    }
    if (finish) {
      tar.finish();
    } else {
      tar.flush();
    }
  }

  private static String tarName(Path root, Path p) {
    String rel = root.relativize(p).toString().replace('\\', '/');
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? rel + "/" : rel;
  }
}
