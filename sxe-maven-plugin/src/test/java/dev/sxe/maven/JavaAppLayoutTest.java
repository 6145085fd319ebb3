package dev.sxe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sxe.format.EntrySpec;
import dev.sxe.format.Target;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaAppLayoutTest {

  @TempDir Path dir;

  private Path jar(String name, String mainClass, String... classes) throws Exception {
    Path p = dir.resolve(name);
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    try (OutputStream o = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(o, m)) {
      for (String c : classes) {
        j.putNextEntry(new JarEntry(c.replace('.', '/') + ".class"));
        j.write(new byte[] {(byte) 0xca, (byte) 0xfe});
        j.closeEntry();
      }
    }
    return p;
  }

  @Test
  void mainClassFromManifestOrConfiguration() throws Exception {
    Path app = jar("app-1.0.jar", "x.Main", "x.Main", "x.Other");
    Path lib = jar("lib.jar", null, "y.Tool");
    JavaAppLayout layout = new JavaAppLayout(app, List.of(new JavaAppLayout.Library("g", "lib-1.jar", lib)));
    assertEquals("x.Main", layout.mainClass(null));
    assertEquals("x.Other", layout.mainClass(" x.Other "));
    assertEquals("y.Tool", layout.mainClass("y.Tool"));
    InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> layout.mainClass("x.Missing"));
    assertEquals("sxe: <mainClass>: class x.Missing is not in app-1.0.jar or its runtime dependencies", e.getMessage());
    e = assertThrows(InvalidParameterException.class, () -> layout.mainClass("not a class"));
    assertEquals("sxe: <mainClass>: 'not a class' is not a Java class name", e.getMessage());
  }

  @Test
  void noMainClassAnywhereNamesTheParameter() throws Exception {
    JavaAppLayout layout = new JavaAppLayout(jar("app.jar", null, "x.Main"), List.of());
    InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> layout.mainClass(null));
    assertEquals("mainClass", e.parameter());
    assertTrue(e.getMessage().startsWith("sxe: <mainClass>: not set, and app.jar has no Main-Class"), e.getMessage());
  }

  @Test
  void assemblesAppAndLibAndWritesAnOrderedClassPath() throws Exception {
    Path app = jar("app-1.0.jar", "x.Main", "x.Main");
    Path b = jar("b.jar", null, "b.B");
    Path a = jar("a.jar", null, "a.A");
    Path clash = jar("c.jar", null, "c.C");
    JavaAppLayout layout = new JavaAppLayout(app, List.of(new JavaAppLayout.Library("org.b", "b-1.jar", b),
        new JavaAppLayout.Library("org.a", "a-1.jar", a), new JavaAppLayout.Library("org.other", "b-1.jar", clash)));
    assertEquals(List.of("b-1.jar", "a-1.jar", "org.other.b-1.jar"), List.copyOf(layout.libraries().keySet()));

    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("stale"));
    layout.assemble(out);
    assertTrue(Files.isRegularFile(out.resolve("app/app-1.0.jar")));
    assertTrue(Files.isRegularFile(out.resolve("app/lib/org.other.b-1.jar")));
    assertTrue(Files.notExists(out.resolve("stale")), "assemble starts from an empty directory");

    assertEquals(List.of("-Xmx64m", "-cp",
        "${SXE_HOME}/app/app-1.0.jar:${SXE_HOME}/app/lib/b-1.jar:${SXE_HOME}/app/lib/a-1.jar:${SXE_HOME}/app/lib/org.other.b-1.jar", "x.Main"),
        layout.javaArgs(Target.LINUX_X86_64, List.of("-Xmx64m"), "x.Main"));
    assertTrue(layout.javaArgs(Target.WINDOWS_X86_64, List.of(), "x.Main").get(1).contains(".jar;${SXE_HOME}"));

    List<EntrySpec> specs = layout.entries(out, List.of(Target.LINUX_X86_64, Target.DARWIN_AARCH64), List.of(), "x.Main");
    assertEquals(2, specs.size());
    assertEquals(EntrySpec.HOST_JAVA, specs.get(1).hostCommand());
    assertEquals(Target.DARWIN_AARCH64, specs.get(1).target());
  }
}
