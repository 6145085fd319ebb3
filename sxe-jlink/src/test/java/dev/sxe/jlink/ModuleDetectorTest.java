package dev.sxe.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDetectorTest {

  @TempDir Path tmp;

  @Test
  void findsJavaSql() throws Exception {
    Path jar = TestJars.jar(tmp.resolve("sql"), "t.Db", """
        package t;
        public class Db {
          public static void main(String[] a) throws Exception {
            System.out.println(java.sql.DriverManager.getDrivers().hasMoreElements());
          }
        }
        """);
    assertEquals(Set.of("java.base", "java.sql"), new ModuleDetector(Jdk.current()).detect(jar, List.of()));
  }

  @Test
  void plainAppNeedsOnlyJavaBase() throws Exception {
    Path jar = TestJars.jar(tmp.resolve("plain"), "t.Hi", """
        package t;
        public class Hi { public static void main(String[] a) { System.out.println("hi"); } }
        """);
    assertEquals(Set.of("java.base"), new ModuleDetector(Jdk.current()).detect(jar, List.of()));
  }

  @Test
  void dependenciesAreAnalysedToo() throws Exception {
    Path lib = TestJars.jar(tmp.resolve("lib"), "l.Log", """
        package l;
        public class Log { public static void log(String s) { java.util.logging.Logger.getLogger("l").info(s); } }
        """);
    Path app = TestJars.jar(tmp.resolve("app"), "t.App", """
        package t;
        public class App { public static void main(String[] a) { System.out.println(a.length); } }
        """);
    assertEquals(Set.of("java.base", "java.logging"), new ModuleDetector(Jdk.current()).detect(app, List.of(lib)));
  }

  @Test
  void aCodeChangeThatCallsNothingNewHitsTheCache() throws Exception {
    Path cache = tmp.resolve("cache");
    String v1 = """
        package t;
        public class Db { public static void main(String[] a) throws Exception { System.out.println(java.sql.Date.valueOf("2024-01-01") + " 1"); } }
        """;
    ModuleDetector d = new ModuleDetector(Jdk.current()).cache(cache);
    assertEquals(Set.of("java.base", "java.sql"), d.detect(TestJars.jar(tmp.resolve("v1"), "t.Db", v1), List.of()));
    assertEquals(false, d.lastCached());
    // Another constant, the same references: no jdeps.
    assertEquals(Set.of("java.base", "java.sql"), d.detect(TestJars.jar(tmp.resolve("v2"), "t.Db", v1.replace(" 1", " 2")), List.of()));
    assertEquals(true, d.lastCached());
    // A new reference (java.net.http): jdeps again.
    String v3 = v1.replace("System.out.println(", "System.out.println(java.net.http.HttpClient.newHttpClient() + \"\" + ");
    assertEquals(Set.of("java.base", "java.net.http", "java.sql"), d.detect(TestJars.jar(tmp.resolve("v3"), "t.Db", v3), List.of()));
    assertEquals(false, d.lastCached());
  }

  @Test
  void parsesTheLastLine() {
    assertEquals(Set.of("java.base", "java.sql"), ModuleDetector.parse("Warning: something\njava.base,java.sql\n"));
    assertEquals(Set.of("java.base"), ModuleDetector.parse(""));
    assertEquals(Set.of("java.base"), ModuleDetector.parse("\n"));
  }
}
