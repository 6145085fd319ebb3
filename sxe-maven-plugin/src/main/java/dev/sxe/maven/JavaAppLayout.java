package dev.sxe.maven;

import dev.sxe.format.EntrySpec;
import dev.sxe.format.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The directory a Java application is packed as, run by the host's {@code java}:
 *
 * <pre>
 * app/&lt;finalName&gt;.jar
 * app/lib/&lt;artifactId&gt;-&lt;version&gt;[-&lt;classifier&gt;].jar   (runtime dependencies, in Maven's order)
 * </pre>
 *
 * <p>The class path is written out jar by jar, in dependency order, rather than as {@code lib/*},
 * whose order the JVM does not define.
 */
public final class JavaAppLayout {

  /** A runtime dependency: its preferred file name in {@code app/lib} and where it is now. */
  public record Library(String groupId, String fileName, Path file) {}

  private final Path appJar;
  private final Map<String, Path> libraries;

  public JavaAppLayout(Path appJar, List<Library> dependencies) {
    this.appJar = appJar;
    this.libraries = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    taken.add(appJar.getFileName().toString());
    for (Library d : dependencies) {
      String name = d.fileName();
      if (!taken.add(name)) {
        name = d.groupId() + "." + d.fileName();
        taken.add(name);
      }
      libraries.put(name, d.file());
    }
  }

  public Path appJar() {
    return appJar;
  }

  /** Library file names in {@code app/lib}, mapped to their source files, in class path order. */
  public Map<String, Path> libraries() {
    return Collections.unmodifiableMap(libraries);
  }

  /** Every input file, the application jar first. */
  public List<Path> inputs() {
    List<Path> all = new ArrayList<>();
    all.add(appJar);
    all.addAll(libraries.values());
    return all;
  }

  /**
   * The class to run: {@code configured} if given, else the jar's {@code Main-Class}. Either way it
   * must exist in the jar or a dependency.
   */
  public String mainClass(String configured) throws InvalidParameterException, IOException {
    String main = configured == null || configured.isBlank() ? manifestMainClass().orElse(null) : configured.trim();
    if (main == null) {
      throw new InvalidParameterException("mainClass", "not set, and " + appJar.getFileName()
          + " has no Main-Class in its manifest; configure <mainClass> (or -Dsxe.mainClass)");
    }
    if (!main.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
      throw new InvalidParameterException("mainClass", "'" + main + "' is not a Java class name");
    }
    String entry = main.replace('.', '/') + ".class";
    for (Path jar : inputs()) {
      if (contains(jar, entry)) {
        return main;
      }
    }
    throw new InvalidParameterException("mainClass", "class " + main + " is not in " + appJar.getFileName()
        + (libraries.isEmpty() ? "" : " or its runtime dependencies"));
  }

  private Optional<String> manifestMainClass() throws IOException {
    try (JarFile jar = new JarFile(appJar.toFile())) {
      Manifest m = jar.getManifest();
      String v = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      return Optional.ofNullable(v == null || v.isBlank() ? null : v.trim());
    }
  }

  private static boolean contains(Path jar, String entry) throws IOException {
    if (Files.isDirectory(jar)) {
      return Files.isRegularFile(jar.resolve(entry));
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getEntry(entry) != null;
    }
  }

  /** Replaces {@code dir} with a fresh copy of the layout and returns it. */
  public Path assemble(Path dir) throws IOException {
    deleteTree(dir);
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.copy(appJar, app.resolve(appJar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    if (!libraries.isEmpty()) {
      Path lib = Files.createDirectories(app.resolve("lib"));
      for (Map.Entry<String, Path> e : libraries.entrySet()) {
        Files.copy(e.getValue(), lib.resolve(e.getKey()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return dir;
  }

  /** The arguments given to {@code java}: options, class path, main class; the user's follow. */
  public List<String> javaArgs(Target target, List<String> jvmOptions, String mainClass) {
    String sep = target.os().equals("windows") ? ";" : ":";
    StringBuilder cp = new StringBuilder("${SXE_HOME}/app/").append(appJar.getFileName());
    for (String name : libraries.keySet()) {
      cp.append(sep).append("${SXE_HOME}/app/lib/").append(name);
    }
    List<String> args = new ArrayList<>(jvmOptions);
    args.add("-cp");
    args.add(cp.toString());
    args.add(mainClass);
    return args;
  }

  /** One host-java tree entry per target, all of the same directory. */
  public List<EntrySpec> entries(Path dir, List<Target> targets, List<String> jvmOptions, String mainClass) {
    List<EntrySpec> specs = new ArrayList<>();
    for (Target t : targets) {
      specs.add(EntrySpec.hostJava(t, dir, javaArgs(t, jvmOptions, mainClass)));
    }
    return specs;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
