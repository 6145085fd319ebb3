package dev.sxe.maven;

import dev.sxe.format.EntrySpec;
import dev.sxe.format.Target;
import dev.sxe.jlink.Jdk;
import dev.sxe.jlink.JlinkException;
import dev.sxe.jlink.JlinkRunner;
import dev.sxe.jlink.ModuleDetector;
import dev.sxe.jlink.RuntimeImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A runtime=jlink application, decided before the up-to-date check: which JDK links, for which
 * targets, with which modules and options. {@link #entries} then detects modules, links (or takes
 * from the build cache) and lays out {@code runtime/} + {@code app/} per target.
 *
 * @param targets each target with its own JDK, or {@code null} for the linking JDK's platform
 * @param modules modules from {@code <modules>}; empty means jdeps decides
 */
record JlinkApp(JavaAppLayout layout, Jdk jdk, Map<Target, Jdk> targets, List<String> modules, List<String> addModules,
    List<String> jvmOptions, String mainClass, boolean appCds, Path buildCache, boolean stripNativeSymbols, Consumer<String> log) {

  /** A {@code <target>}'s own JDK: for that platform, with jmods unless it is the build's JDK. */
  static Jdk targetJdk(Target target, Path home, Jdk linker) throws InvalidParameterException {
    Jdk targetJdk;
    try {
      targetJdk = Jdk.at(home);
    } catch (JlinkException e) {
      throw new InvalidParameterException("targets", "the <jdkHome> of " + target + ": " + e.getMessage());
    }
    String its = targetJdk.platform().orElse(null);
    if (its != null && !its.equals(target.id())) {
      throw new InvalidParameterException("targets", "the <jdkHome> of " + target + ", " + targetJdk.home() + ", is a JDK for " + its);
    }
    if (!targetJdk.home().equals(linker.home()) && !targetJdk.hasJmods()) {
      throw new InvalidParameterException("targets", "JDK at " + targetJdk.home() + " has no jmods; it cannot link for another platform");
    }
    return targetJdk;
  }

  List<EntrySpec> entries(Path appDir) throws IOException, JlinkException {
    SortedSet<String> mods = new TreeSet<>();
    if (modules.isEmpty()) {
      long t0 = System.nanoTime();
      ModuleDetector detector = new ModuleDetector(jdk).cache(buildCache.resolve("modules"));
      mods.addAll(detector.detect(layout.appJar(), new ArrayList<>(layout.libraries().values())));
      log.accept(String.format("jdeps found %s (%s, %.1f s)", String.join(",", mods),
          detector.lastCached() ? "cached: the jar refers to the same packages" : "ran jdeps", (System.nanoTime() - t0) / 1e9));
    } else {
      mods.addAll(modules);
    }
    mods.addAll(addModules);
    JlinkRunner runner = new JlinkRunner(jdk, buildCache.resolve("jlink")).stripNativeSymbols(stripNativeSymbols).log(log);
    List<EntrySpec> specs = new ArrayList<>();
    boolean several = targets.size() > 1;
    for (Map.Entry<Target, Jdk> t : targets.entrySet()) {
      Target target = t.getKey();
      RuntimeImage image = t.getValue() == null ? runner.link(mods) : runner.link(mods, t.getValue());
      Path dir = several ? appDir.resolveSibling(appDir.getFileName() + "-" + target.id()) : appDir;
      layout.assemble(dir);
      image.installInto(dir.resolve("runtime"));
      // The class-data-sharing options first, so that the user's <jvmOptions> can override them.
      List<String> options = new ArrayList<>(appCds ? image.appCdsOptions("${SXE_HOME}") : List.of());
      options.addAll(jvmOptions);
      specs.add(EntrySpec.tree(target, dir, "runtime/" + image.javaPath()).withArgs(layout.javaArgs(target, options, mainClass)));
    }
    return specs;
  }
}
