package dev.sxe.format;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks a tree payload into an empty directory, refusing anything that could write outside it:
 * absolute names, {@code ..}, links that leave the tree or that a later entry would write through,
 * hard links, devices, FIFOs and duplicate names.
 */
final class TreeExtractor {

  private TreeExtractor() {}

  static void extract(InputStream tarStream, Path dest, Path file) throws IOException {
    Path root = dest.toAbsolutePath().normalize();
    Set<String> seen = new HashSet<>();
    Set<String> links = new HashSet<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, "UTF-8");
    byte[] buf = new byte[64 * 1024];
    for (TarArchiveEntry e; (e = nextEntry(tar, file)) != null; ) {
      String name = e.getName();
      String clean = checkedName(name, file);
      if (!seen.add(clean)) {
        throw unsafe(file, "tree lists '" + name + "' twice");
      }
      for (String prefix = parentOf(clean); prefix != null; prefix = parentOf(prefix)) {
        if (links.contains(prefix)) {
          throw unsafe(file, "tree entry '" + name + "' would be written through the symbolic link '" + prefix + "'");
        }
      }
      Path out = root.resolve(clean);
      if (!out.normalize().startsWith(root)) {
        throw unsafe(file, "tree entry '" + name + "' leaves the tree");
      }
      if (e.isDirectory()) {
        Files.createDirectories(out);
        setMode(out, 0755);
      } else if (e.isSymbolicLink()) {
        String target = e.getLinkName();
        Path resolved = out.getParent().resolve(target).normalize();
        if (target.isEmpty() || target.startsWith("/") || Paths.get(target).isAbsolute() || !resolved.startsWith(root)) {
          throw unsafe(file, "tree entry '" + name + "' links to '" + target + "', outside the tree");
        }
        Files.createDirectories(out.getParent());
        Files.createSymbolicLink(out, Paths.get(target));
        links.add(clean);
      } else if (isRegular(e)) {
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          for (int n; (n = tar.read(buf)) > 0; ) {
            o.write(buf, 0, n);
          }
        }
        setMode(out, (e.getMode() & 0111) != 0 ? 0755 : 0644);
      } else {
        throw unsafe(file, "tree entry '" + name + "' is a " + kind(e) + "; only files, directories and symbolic links are allowed");
      }
    }
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path file) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (InvalidContainerException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidContainerException(file, Problem.CORRUPT_PAYLOAD, "tree payload is not a valid tar stream: " + e.getMessage(), e);
    }
  }

  private static String checkedName(String name, Path file) throws InvalidContainerException {
    if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0") || name.matches("^[A-Za-z]:.*")) {
      throw unsafe(file, "tree entry '" + name + "' has an absolute or empty name");
    }
    StringBuilder clean = new StringBuilder();
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw unsafe(file, "tree entry '" + name + "' contains '..'");
      }
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.contains("\\")) {
        throw unsafe(file, "tree entry '" + name + "' contains a backslash");
      }
      if (clean.length() > 0) {
        clean.append('/');
      }
      clean.append(part);
    }
    if (clean.length() == 0) {
      throw unsafe(file, "tree entry '" + name + "' names the root");
    }
    return clean.toString();
  }

  private static boolean isRegular(TarArchiveEntry e) {
    byte t = e.getLinkFlag();
    return t == TarConstants.LF_NORMAL || t == TarConstants.LF_OLDNORM || t == TarConstants.LF_CONTIG;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : path.substring(0, slash);
  }

  private static String kind(TarArchiveEntry e) {
    if (e.isLink()) {
      return "hard link";
    }
    if (e.isCharacterDevice() || e.isBlockDevice()) {
      return "device";
    }
    if (e.isFIFO()) {
      return "FIFO";
    }
    return "special entry (type '" + (char) e.getLinkFlag() + "')";
  }

  private static void setMode(Path p, int mode) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
      StringBuilder s = new StringBuilder();
      String rwx = "rwxrwxrwx";
      for (int i = 0; i < 9; i++) {
        s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
      }
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(s.toString()));
    } else if ((mode & 0100) != 0) {
      p.toFile().setExecutable(true);
    }
  }

  private static InvalidContainerException unsafe(Path file, String detail) {
    return new InvalidContainerException(file, Problem.UNSAFE_TREE_ENTRY, detail);
  }
}
