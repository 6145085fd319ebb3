package dev.sxe.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sxe.format.InvalidContainerException.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile tar entries are refused and nothing lands outside the destination. */
class TreeExtractorTest {

  @TempDir Path tmp;

  private interface Entries {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private static byte[] tar(Entries entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      entries.write(tar);
    }
    return out.toByteArray();
  }

  private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(b.length);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private InvalidContainerException refused(byte[] tar, String expectedFragment) {
    Path dest = tmp.resolve("dest");
    InvalidContainerException e = assertThrows(InvalidContainerException.class,
        () -> TreeExtractor.extract(new ByteArrayInputStream(tar), dest, tmp.resolve("container")));
    assertEquals(Problem.UNSAFE_TREE_ENTRY, e.problem());
    assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("escaped")), "something was written outside the tree");
    return e;
  }

  @Test
  void absoluteName() throws IOException {
    refused(tar(t -> file(t, "/" + tmp.resolve("escaped"), "x")), "absolute");
  }

  @Test
  void dotDot() throws IOException {
    refused(tar(t -> file(t, "a/../../escaped", "x")), "'..'");
  }

  @Test
  void symlinkLeavingTheTree() throws IOException {
    refused(tar(t -> link(t, "l", "../escaped", TarConstants.LF_SYMLINK)), "outside the tree");
  }

  @Test
  void absoluteSymlink() throws IOException {
    refused(tar(t -> link(t, "l", "/etc/passwd", TarConstants.LF_SYMLINK)), "outside the tree");
  }

  @Test
  void writeThroughASymlink() throws IOException {
    refused(tar(t -> {
      link(t, "d", "sub", TarConstants.LF_SYMLINK);
      file(t, "d/x", "x");
    }), "through the symbolic link");
  }

  @Test
  void hardLink() throws IOException {
    refused(tar(t -> {
      file(t, "a", "x");
      link(t, "b", "a", TarConstants.LF_LINK);
    }), "hard link");
  }

  @Test
  void device() throws IOException {
    refused(tar(t -> {
      TarArchiveEntry e = new TarArchiveEntry("dev", TarConstants.LF_CHR, true);
      t.putArchiveEntry(e);
      t.closeArchiveEntry();
    }), "device");
  }

  @Test
  void duplicateName() throws IOException {
    refused(tar(t -> {
      file(t, "a", "1");
      file(t, "./a", "2");
    }), "twice");
  }

  @Test
  void aCleanTreeExtracts() throws IOException {
    Path dest = tmp.resolve("ok");
    TreeExtractor.extract(new ByteArrayInputStream(tar(t -> {
      file(t, "dir/a.txt", "A");
      link(t, "dir/b", "a.txt", TarConstants.LF_SYMLINK);
    })), dest, tmp.resolve("c"));
    assertEquals("A", Files.readString(dest.resolve("dir/b")));
  }
}
