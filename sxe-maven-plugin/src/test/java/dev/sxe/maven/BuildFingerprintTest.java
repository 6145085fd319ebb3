package dev.sxe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildFingerprintTest {

  @TempDir Path dir;

  private String fingerprint(Path input, String level) throws Exception {
    return new BuildFingerprint().param("level", level).file("in", input).value();
  }

  @Test
  void dependsOnContentAndParametersNotMtime() throws Exception {
    Path in = Files.writeString(dir.resolve("in"), "one");
    String a = fingerprint(in, "19");
    Files.setLastModifiedTime(in, FileTime.fromMillis(0));
    assertEquals(a, fingerprint(in, "19"));
    assertNotEquals(a, fingerprint(in, "3"));
    Files.writeString(in, "two");
    assertNotEquals(a, fingerprint(in, "19"));
  }

  @Test
  void upToDateOnlyWhileTheOutputIsUntouched() throws Exception {
    Path in = Files.writeString(dir.resolve("in"), "one");
    Path out = Files.writeString(dir.resolve("out"), "packed");
    Path record = dir.resolve("sxe/out.fingerprint");
    String value = fingerprint(in, "19");
    assertFalse(BuildFingerprint.upToDate(record, value, out));
    BuildFingerprint.write(record, value, out);
    assertTrue(BuildFingerprint.upToDate(record, value, out));
    assertFalse(BuildFingerprint.upToDate(record, fingerprint(in, "3"), out));
    Files.writeString(out, "packed, then edited");
    assertFalse(BuildFingerprint.upToDate(record, value, out));
    Files.delete(out);
    assertFalse(BuildFingerprint.upToDate(record, value, out));
  }
}
