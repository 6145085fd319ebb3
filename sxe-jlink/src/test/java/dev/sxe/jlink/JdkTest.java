package dev.sxe.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkTest {

  @TempDir Path tmp;

  @Test
  void readsTheReleaseFile() throws Exception {
    Files.writeString(tmp.resolve("release"), "IMPLEMENTOR=\"X\"\nJAVA_VERSION=\"21.0.2\"\nOS_NAME=\"Darwin\"\nOS_ARCH=\"aarch64\"\n");
    Jdk jdk = Jdk.at(tmp);
    assertEquals(21, jdk.feature());
    assertEquals("darwin-aarch64", jdk.platform().orElseThrow());
    assertFalse(jdk.hasJmods());
    JlinkException e = assertThrows(JlinkException.class, () -> jdk.tool("jlink"));
    assertTrue(e.getMessage().contains("has no bin/jlink"), e.getMessage());
  }

  @Test
  void refusesADirectoryWithoutRelease() {
    JlinkException e = assertThrows(JlinkException.class, () -> Jdk.at(tmp));
    assertTrue(e.getMessage().contains("is not a JDK home"), e.getMessage());
  }

  @Test
  void theRunningJdk() throws Exception {
    Jdk jdk = Jdk.current();
    assertEquals(Runtime.version().feature(), jdk.feature());
    assertTrue(Files.isExecutable(jdk.tool("java")));
  }
}
