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
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packs the project's program into one self-extracting executable: either native executables, one
 * per target ({@code <executables>}), or the project's own jar with its runtime dependencies, run
 * by the {@code java} found at run time.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public class PackageMojo extends AbstractMojo {

  /** Artifact type of the attached executable; its file extension in a repository is the same. */
  public static final String ARTIFACT_TYPE = "sxe";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Component
  private MavenProjectHelper projectHelper;

  /** Name of the program: file name in the cache and name in the manifest. */
  @Parameter(property = "sxe.name", defaultValue = "${project.artifactId}")
  private String name;

  /** Native executables, one per target. When empty, the project's jar is packed instead. */
  @Parameter
  private List<Executable> executables = new ArrayList<>();

  /** Targets a Java application is packed for (default: linux and darwin, x86_64 and aarch64). */
  @Parameter(property = "sxe.targets")
  private List<String> targets = new ArrayList<>();

  /** Class to run; default: the jar's Main-Class. */
  @Parameter(property = "sxe.mainClass")
  private String mainClass;

  /** Options for the JVM, put before the class path. */
  @Parameter(property = "sxe.jvmOptions")
  private List<String> jvmOptions = new ArrayList<>();

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
      List<Target> javaTargets = PackageConfiguration.targets(targets);
      String main = layout.mainClass(mainClass);
      List<String> options = PackageConfiguration.jvmOptions(jvmOptions);
      for (Path p : layout.inputs()) {
        fingerprint.file(p.getFileName().toString(), p);
      }
      fingerprint.param("targets", javaTargets).param("mainClass", main).param("jvmOptions", options);
      entries.addAll(layout.entries(appDir, javaTargets, options, main));
      getLog().info("sxe: input " + layout.appJar() + " (" + Sizes.human(Files.size(layout.appJar())) + "), main class " + main);
      for (Map.Entry<String, Path> lib : layout.libraries().entrySet()) {
        getLog().info("sxe: input app/lib/" + lib.getKey() + " (" + Sizes.human(Files.size(lib.getValue())) + ")");
      }
      getLog().info("sxe: run with the host's java on " + javaTargets);
      inputs = "a Java application";
      javaApp = layout;
    }
    List<Target> packed = entries.stream().map(EntrySpec::target).toList();
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
    ContainerBuilder builder;
    try {
      builder = ContainerBuilder.create(name, project.getVersion());
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("name", e.getMessage());
    }
    builder.compression(settings).stub(stubImpl).embedLaunchers(embedLaunchers).cacheMode(cache).timestamp(timestamp)
        .progress(new ProgressLog(line -> getLog().info("sxe: " + line)));
    entries.forEach(builder::add);
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
    long compressed = 0;
    for (ManifestEntry e : r.entries()) {
      compressed += e.compressedSize();
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
