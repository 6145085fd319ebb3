package dev.sxe.maven;

import dev.sxe.format.CacheMode;
import dev.sxe.format.CompressionSettings;
import dev.sxe.format.ContainerBuilder;
import dev.sxe.format.EntrySpec;
import dev.sxe.format.ManifestEntry;
import dev.sxe.format.NativeLauncher;
import dev.sxe.format.Stub;
import dev.sxe.format.Target;
import dev.sxe.format.Version;
import dev.sxe.format.WriteResult;
import dev.sxe.jlink.Jdk;
import dev.sxe.jlink.JlinkException;
import dev.sxe.maven.PackageConfiguration.RuntimeKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;

/**
 * Packs the project's program into one self-extracting executable: either native executables, one
 * per target ({@code <executables>}), or the project's own jar with its runtime dependencies, run
 * by the {@code java} found at run time ({@code runtime=system}) or by a runtime trimmed with jlink
 * and packed with it ({@code runtime=jlink}, the work done by sxe-jlink).
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public class PackageMojo extends AbstractMojo {

  /** Artifact type of the attached executable; its file extension in a repository is the same. */
  public static final String ARTIFACT_TYPE = "sxe";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Component
  private MavenProjectHelper projectHelper;

  @Component
  private ToolchainManager toolchainManager;

  /** Name of the program: file name in the cache and name in the manifest. */
  @Parameter(property = "sxe.name", defaultValue = "${project.artifactId}")
  private String name;

  /** Native executables, one per target. When empty, the project's jar is packed instead. */
  @Parameter
  private List<Executable> executables = new ArrayList<>();

  /**
   * Targets a Java application is packed for. runtime=system: default linux and darwin, x86_64 and
   * aarch64. runtime=jlink: default the build JDK's platform; another platform needs
   * {@code <target><id>linux-aarch64</id><jdkHome>(a JDK for it, with jmods)</jdkHome></target>}.
   */
  @Parameter(property = "sxe.targets")
  private List<TargetSpec> targets = new ArrayList<>();

  /** Class to run; default: the jar's Main-Class. */
  @Parameter(property = "sxe.mainClass")
  private String mainClass;

  /** Options for the JVM, put before the class path. */
  @Parameter(property = "sxe.jvmOptions")
  private List<String> jvmOptions = new ArrayList<>();

  /**
   * How a Java application gets its JVM. {@code system}: the host's {@code java} at run time.
   * {@code jlink}: a runtime trimmed with jlink is packed with the application, so the file runs
   * where no Java is installed (one platform: the JDK's).
   */
  @Parameter(property = "sxe.runtime", defaultValue = "system")
  private String runtime;

  /** runtime=jlink: the modules to link, instead of those jdeps finds. */
  @Parameter(property = "sxe.modules")
  private List<String> modules = new ArrayList<>();

  /** runtime=jlink: modules to link besides those found or named (services, reflection). */
  @Parameter(property = "sxe.addModules")
  private List<String> addModules = new ArrayList<>();

  /** runtime=jlink: the JDK to link from; default the toolchain's JDK, else the one running Maven. */
  @Parameter(property = "sxe.jdkHome")
  private File jdkHome;

  /** runtime=jlink: directory of cached jlink images, reused while JDK, modules and options match. */
  @Parameter(property = "sxe.buildCache", defaultValue = "${user.home}/.cache/sxe-build")
  private File buildCache;

  /**
   * runtime=jlink on Java 19+: create an application class-data archive on the first run, in the
   * cache entry, and use it afterwards ({@code -XX:+AutoCreateSharedArchive}). Cache mode user only.
   */
  @Parameter(property = "sxe.appCds", defaultValue = "true")
  private boolean appCds;

  /**
   * runtime=jlink: remove the symbol tables of the runtime's native libraries
   * ({@code strip --strip-unneeded}; Linux, when strip is on the PATH). About 0.8 MB smaller;
   * a JVM crash log then names native frames by offset only.
   */
  @Parameter(property = "sxe.stripNativeSymbols", defaultValue = "true")
  private boolean stripNativeSymbols;

  /** zstd, lz4 or none. */
  @Parameter(property = "sxe.compression", defaultValue = "zstd")
  private String compression;

  /** Compression level; default: the codec's (zstd 19, lz4 9). */
  @Parameter(property = "sxe.level")
  private Integer level;

  /** zstd long-distance window log, 10 to 27, 0 for off; default 27 with zstd. */
  @Parameter(property = "sxe.longWindow")
  private Integer longWindow;

  /**
   * auto, polyglot or native. native: the static launcher of the one packed target (nothing needed
   * on the host); polyglot: an sh script for any number of targets; auto: native when one target
   * is packed and its launcher is built in, else polyglot.
   */
  @Parameter(property = "sxe.stub", defaultValue = "auto")
  private String stub;

  /**
   * With the polyglot stub, also carry each target's raw native launcher, so a first run needs no
   * zstd, lz4 or tar on the host.
   */
  @Parameter(property = "sxe.embedLaunchers", defaultValue = "true")
  private boolean embedLaunchers;

  /** user (extract once into the user's cache) or temp (extract every run, remove afterwards). */
  @Parameter(property = "sxe.cacheMode", defaultValue = "user")
  private String cacheMode;

  /** Classifier of the attached artifact. */
  @Parameter(property = "sxe.classifier", defaultValue = "sxe")
  private String classifier;

  /** The executable to write. */
  @Parameter(property = "sxe.outputFile", defaultValue = "${project.build.directory}/${project.build.finalName}")
  private File outputFile;

  /** Attach the executable to the project so install and deploy publish it. */
  @Parameter(property = "sxe.attach", defaultValue = "true")
  private boolean attach;

  /** Skip the goal. */
  @Parameter(property = "sxe.skip", defaultValue = "false")
  private boolean skip;

  /** Timestamp of tree entries: epoch seconds or ISO-8601; empty means 1970-01-01. */
  @Parameter(property = "sxe.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  /** Working directory for the assembled application and the up-to-date record. */
  @Parameter(defaultValue = "${project.build.directory}/sxe", readonly = true)
  private File workDirectory;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("sxe: skipped (sxe.skip=true)");
      return;
    }
    try {
      run();
    } catch (InvalidParameterException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("sxe: " + e.getMessage(), e);
    }
  }

  private void run() throws InvalidParameterException, IOException, MojoExecutionException {
    CompressionSettings settings = PackageConfiguration.compression(compression, level, longWindow);
    CacheMode cache = PackageConfiguration.cacheMode(cacheMode);
    Instant timestamp = PackageConfiguration.outputTimestamp(outputTimestamp);
    if (attach && (classifier == null || classifier.isBlank())) {
      throw new InvalidParameterException("classifier", "must not be empty when attach is true: the main artifact already has no classifier");
    }
    Path output = outputFile.toPath().toAbsolutePath();
    Path work = workDirectory.toPath();

    BuildFingerprint fingerprint = new BuildFingerprint()
        .param("sxe", Version.VALUE).param("name", name).param("version", project.getVersion())
        .param("compression", settings).param("cacheMode", cache).param("timestamp", timestamp);
    List<EntrySpec> entries = new ArrayList<>();
    JavaAppLayout javaApp = null;
    JlinkApp jlink = null;
    Path appDir = work.resolve(name + "-app");
    String inputs;
    if (executables != null && !executables.isEmpty()) {
      if (!targets.isEmpty()) {
        getLog().warn("sxe: <targets> only applies to a Java application; with <executables> each executable names its target");
      }
      Map<Target, Path> files = PackageConfiguration.executables(executables, project.getBasedir().toPath());
      for (Map.Entry<Target, Path> e : files.entrySet()) {
        entries.add(EntrySpec.binary(e.getKey(), e.getValue()));
        fingerprint.file(e.getKey().id(), e.getValue());
        getLog().info("sxe: input " + e.getKey() + ": " + e.getValue() + " (" + Sizes.human(Files.size(e.getValue())) + ")");
        if (e.getKey().os().equals("windows")) {
          getLog().warn("sxe: the polyglot stub does not run on Windows yet; the " + e.getKey() + " entry is packed for later readers");
        }
      }
      inputs = files.size() + " executable(s)";
    } else {
      JavaAppLayout layout = javaApp();
      RuntimeKind kind = PackageConfiguration.runtime(runtime);
      String main = layout.mainClass(mainClass);
      List<String> options = PackageConfiguration.jvmOptions(jvmOptions);
      for (Path p : layout.inputs()) {
        fingerprint.file(p.getFileName().toString(), p);
      }
      fingerprint.param("runtime", kind).param("mainClass", main).param("jvmOptions", options);
      getLog().info("sxe: input " + layout.appJar() + " (" + Sizes.human(Files.size(layout.appJar())) + "), main class " + main);
      for (Map.Entry<String, Path> lib : layout.libraries().entrySet()) {
        getLog().info("sxe: input app/lib/" + lib.getKey() + " (" + Sizes.human(Files.size(lib.getValue())) + ")");
      }
      if (kind == RuntimeKind.JLINK) {
        Jdk jdk = jdk();
        Target platform = jdk.platform().flatMap(Target::fromId).orElseThrow(() -> new InvalidParameterException("jdkHome",
            jdk + ": its release file names no platform sxe knows (OS_NAME, OS_ARCH)"));
        Map<Target, Path> targetHomes = PackageConfiguration.jlinkTargets(targets, platform, project.getBasedir().toPath());
        List<Target> javaTargets = List.copyOf(targetHomes.keySet());
        Map<Target, Jdk> targetJdks = new java.util.LinkedHashMap<>();
        for (Map.Entry<Target, Path> t : targetHomes.entrySet()) {
          Jdk targetJdk = t.getValue() == null ? null : JlinkApp.targetJdk(t.getKey(), t.getValue(), jdk);
          targetJdks.put(t.getKey(), targetJdk);
          if (targetJdk != null) {
            fingerprint.param("targetJdk " + t.getKey(), targetJdk.home()).file("target-jdk-release " + t.getKey(), targetJdk.home().resolve("release"));
          }
        }
        List<String> named = PackageConfiguration.moduleNames("modules", modules);
        List<String> extra = PackageConfiguration.moduleNames("addModules", addModules);
        boolean withAppCds = appCds && cache == CacheMode.USER;
        fingerprint.param("targets", javaTargets).param("jdk", jdk.home()).file("jdk-release", jdk.home().resolve("release"))
            .param("modules", named).param("addModules", extra).param("appCds", withAppCds).param("strip", stripNativeSymbols);
        jlink = new JlinkApp(layout, jdk, targetJdks, named, extra, options, main, withAppCds, buildCache.toPath(), stripNativeSymbols,
            line -> getLog().info("sxe: " + line));
        getLog().info("sxe: runtime jlink from " + jdk + " for " + javaTargets);
      } else {
        List<Target> javaTargets = PackageConfiguration.targets(PackageConfiguration.targetIds(targets));
        fingerprint.param("targets", javaTargets);
        entries.addAll(layout.entries(appDir, javaTargets, options, main));
        getLog().info("sxe: run with the host's java on " + javaTargets);
        javaApp = layout;
      }
      inputs = "a Java application";
    }
    List<Target> packed = jlink != null ? List.copyOf(jlink.targets().keySet()) : entries.stream().map(EntrySpec::target).toList();
    Stub stubImpl = PackageConfiguration.stub(stub, packed);
    String value = fingerprint.param("output", output).param("stubKind", stubImpl.kind()).param("embedLaunchers", embedLaunchers)
        .param("launchers", NativeLauncher.available().stream().map(t -> t + "=" + NativeLauncher.forTarget(t).orElseThrow().checksum()).toList())
        .value();
    Path record = work.resolve(output.getFileName() + ".fingerprint");
    if (BuildFingerprint.upToDate(record, value, output)) {
      getLog().info("sxe: " + output + " is up to date");
      attach(output);
      return;
    }
    if (javaApp != null) {
      javaApp.assemble(appDir);
    }
    if (jlink != null) {
      try {
        entries.addAll(jlink.entries(appDir));
      } catch (JlinkException e) {
        throw new MojoExecutionException("sxe: runtime=jlink: " + e.getMessage()
            + (jlink.modules().isEmpty() ? "" : " (modules from <modules>: " + jlink.modules() + ")"), e);
      }
    }
    ContainerBuilder builder;
    try {
      builder = ContainerBuilder.create(name, project.getVersion());
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("name", e.getMessage());
    }
    builder.compression(settings).stub(stubImpl).embedLaunchers(embedLaunchers).cacheMode(cache).timestamp(timestamp)
        .progress(new ProgressLog(line -> getLog().info("sxe: " + line)));
    entries.forEach(builder::add);
    if (jlink != null) {
      // The runtime segment of the tree is compressed once per runtime, not once per build.
      builder.segmentCache(buildCache.toPath().resolve("segments"));
    }
    getLog().info("sxe: packing " + inputs + " with " + settings + ", " + stubImpl.kind() + " stub"
        + (stubImpl instanceof NativeLauncher l ? " (" + l.target() + ")" : embedLaunchers ? " with native launchers" : "") + ", cache " + cache);
    WriteResult result;
    try {
      result = builder.writeTo(output);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("sxe: " + e.getMessage(), e);
    }
    report(result);
    BuildFingerprint.write(record, value, output);
    attach(output);
  }

  /** The JDK to link from: {@code <jdkHome>}, else the toolchain's, else the one running Maven. */
  private Jdk jdk() throws InvalidParameterException {
    try {
      if (jdkHome != null) {
        return Jdk.at(jdkHome.toPath());
      }
      Toolchain tc = toolchainManager == null ? null : toolchainManager.getToolchainFromBuildContext("jdk", session);
      if (tc != null) {
        String java = tc.findTool("java");
        if (java != null) {
          getLog().info("sxe: JDK from toolchain " + tc);
          return Jdk.at(Path.of(java).toAbsolutePath().getParent().getParent());
        }
      }
      return Jdk.current();
    } catch (JlinkException e) {
      throw new InvalidParameterException("jdkHome", e.getMessage());
    }
  }

  private JavaAppLayout javaApp() throws InvalidParameterException, MojoExecutionException {
    String packaging = project.getPackaging();
    if (!"jar".equals(packaging)) {
      throw new InvalidParameterException("executables", "none configured, and packaging '" + packaging
          + "' has no jar to pack; configure <executables> or use the plugin in a jar project");
    }
    File jar = project.getArtifact().getFile();
    if (jar == null || !jar.isFile() || !jar.getName().endsWith(".jar")) {
      throw new InvalidParameterException("executables", "no jar: run the package phase after jar, or configure <executables>");
    }
    List<JavaAppLayout.Library> libs = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      boolean runtime = a.getScope() == null || Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope());
      if (!runtime || !a.getArtifactHandler().isAddedToClasspath() || a.getFile() == null) {
        continue;
      }
      if (!a.getFile().isFile()) {
        throw new MojoExecutionException("sxe: dependency " + a + " resolves to " + a.getFile()
            + ", which is not a jar file; run the build through the package phase");
      }
      String file = a.getArtifactId() + "-" + a.getVersion() + (a.hasClassifier() ? "-" + a.getClassifier() : "") + ".jar";
      libs.add(new JavaAppLayout.Library(a.getGroupId(), file, a.getFile().toPath()));
    }
    return new JavaAppLayout(jar.toPath(), libs);
  }

  private void report(WriteResult r) {
    long compressed = r.compressedTotal();
    for (ManifestEntry e : r.entries()) {
      getLog().info(String.format("sxe:   %-16s %-6s %10s -> %10s (%s)", e.target(), e.kind(), Sizes.human(e.uncompressedSize()),
          Sizes.human(e.compressedSize()), Sizes.ratio(e.compressedSize(), e.uncompressedSize())));
    }
    long launchers = r.entries().stream().map(ManifestEntry::launcher).filter(java.util.Objects::nonNull).distinct()
        .mapToLong(ManifestEntry.LauncherRef::size).sum();
    getLog().info(String.format("sxe: wrote %s: %s (payloads %s -> %s, %s; %s stub %s%s) in %.1f s", r.file(), Sizes.human(r.fileSize()),
        Sizes.human(r.uncompressedTotal()), Sizes.human(compressed), Sizes.ratio(compressed, r.uncompressedTotal()),
        r.stubKind(), Sizes.human(r.stubSize()), launchers > 0 ? "; embedded launchers " + Sizes.human(launchers) : "",
        r.elapsed().toMillis() / 1000.0));
  }

  private void attach(Path output) {
    if (attach) {
      projectHelper.attachArtifact(project, ARTIFACT_TYPE, classifier, output.toFile());
    }
  }
}
