package dev.sxe.maven;

import dev.sxe.format.CacheMode;
import dev.sxe.format.Compression;
import dev.sxe.format.CompressionSettings;
import dev.sxe.format.StubMode;
import dev.sxe.format.Stub;
import dev.sxe.format.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the package goal's parameters and turns them into sxe-format types. Every problem is an
 * {@link InvalidParameterException} naming the parameter, so the mojo stays a thin translation.
 */
public final class PackageConfiguration {

  /** Where a platform-independent Java application goes when {@code <targets>} is not set. */
  public static final List<Target> DEFAULT_JAVA_TARGETS =
      List.of(Target.LINUX_X86_64, Target.LINUX_AARCH64, Target.DARWIN_X86_64, Target.DARWIN_AARCH64);

  private PackageConfiguration() {}

  /**
   * @param codec {@code zstd}, {@code lz4} or {@code none}
   * @param level {@code null} for the codec's default
   * @param longWindow zstd's long-distance window log; {@code null} for 27 with zstd and 0 otherwise
   */
  public static CompressionSettings compression(String codec, Integer level, Integer longWindow) throws InvalidParameterException {
    Compression c;
    try {
      c = Compression.parse(codec == null ? "zstd" : codec);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("compression", "'" + codec + "' is unknown; expected zstd, lz4 or none");
    }
    int lvl = level == null ? c.defaultLevel() : level;
    if (c != Compression.NONE && (lvl < c.minLevel() || lvl > c.maxLevel())) {
      throw new InvalidParameterException("level", lvl + " is out of range for " + c + "; expected " + c.minLevel() + " to " + c.maxLevel());
    }
    if (c == Compression.NONE && level != null && level != 0) {
      throw new InvalidParameterException("level", lvl + " makes no sense with compression none; remove it");
    }
    int window = longWindow == null ? (c == Compression.ZSTD ? CompressionSettings.MAX_WINDOW_LOG : 0) : longWindow;
    if (window != 0 && c != Compression.ZSTD) {
      throw new InvalidParameterException("longWindow", "a long window only applies to zstd, not " + c + "; set it to 0 or remove it");
    }
    if (window != 0 && (window < 10 || window > CompressionSettings.MAX_WINDOW_LOG)) {
      throw new InvalidParameterException("longWindow", window + " is out of range; expected 0 (off) or 10 to " + CompressionSettings.MAX_WINDOW_LOG);
    }
    return new CompressionSettings(c, c == Compression.NONE ? 0 : lvl, window);
  }

  /**
   * The stub for a container holding {@code targets}. {@code polyglot}: the sh script, for any
   * number of targets. {@code native}: the static launcher of the one target packed, which needs
   * nothing on the host. {@code auto}: native when exactly one target is packed and this sxe build
   * has its launcher, else polyglot.
   */
  public static Stub stub(String kind, Collection<Target> targets) throws InvalidParameterException {
    try {
      return StubMode.parse(kind == null ? "auto" : kind).select(targets);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("stub", e.getMessage());
    }
  }

  public static CacheMode cacheMode(String mode) throws InvalidParameterException {
    try {
      return CacheMode.parse(mode == null ? "user" : mode);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("cacheMode", "'" + mode + "' is unknown; expected user or temp");
    }
  }

  /** The targets of a Java application: the configured ones, or {@link #DEFAULT_JAVA_TARGETS}. */
  public static List<Target> targets(List<String> ids) throws InvalidParameterException {
    if (ids == null || ids.isEmpty()) {
      return DEFAULT_JAVA_TARGETS;
    }
    Set<Target> seen = EnumSet.noneOf(Target.class);
    for (String id : ids) {
      Target t = target("targets", id);
      if (!seen.add(t)) {
        throw new InvalidParameterException("targets", "target '" + id + "' is listed twice");
      }
    }
    return List.copyOf(seen);
  }

  /** The configured executables by target, in target order; files must exist. */
  public static Map<Target, Path> executables(List<Executable> executables, Path basedir) throws InvalidParameterException {
    Map<Target, Path> result = new EnumMap<>(Target.class);
    for (Executable e : executables) {
      if (e.getTarget() == null || e.getTarget().isBlank()) {
        throw new InvalidParameterException("executables", "an <executable> has no <target>; expected one of " + Target.idList());
      }
      Target t = target("executables", e.getTarget().trim());
      if (result.containsKey(t)) {
        throw new InvalidParameterException("executables", "target '" + t + "' is listed twice");
      }
      if (e.getFile() == null) {
        throw new InvalidParameterException("executables", "the <executable> for " + t + " has no <file>");
      }
      Path file = basedir.resolve(e.getFile().toPath()).normalize();
      if (!Files.isRegularFile(file)) {
        throw new InvalidParameterException("executables", "the <file> for " + t + " does not exist or is not a file: " + file);
      }
      result.put(t, file);
    }
    return result;
  }

  private static Target target(String parameter, String id) throws InvalidParameterException {
    return Target.fromId(id).orElseThrow(() ->
        new InvalidParameterException(parameter, "target '" + id + "' is unknown; expected one of " + Target.idList()));
  }

  /**
   * {@code project.build.outputTimestamp} as Maven reads it: epoch seconds or ISO-8601 with an
   * offset; empty or a single character (Maven's "disabled") gives {@link Instant#EPOCH}, so the
   * container is reproducible either way.
   */
  public static Instant outputTimestamp(String value) throws InvalidParameterException {
    if (value == null || value.trim().length() < 2) {
      return Instant.EPOCH;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(v));
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException("outputTimestamp", "'" + value
          + "' is neither epoch seconds nor an ISO-8601 date-time with an offset (such as 2024-01-01T00:00:00Z)");
    }
  }

  /** JVM options with blanks removed. */
  public static List<String> jvmOptions(List<String> options) {
    List<String> out = new ArrayList<>();
    if (options != null) {
      for (String o : options) {
        if (o != null && !o.isBlank()) {
          out.add(o.trim());
        }
      }
    }
    return out;
  }

  /** How a Java application finds its JVM. */
  public enum RuntimeKind {
    /** The host's {@code java} ({@code JAVA_HOME}, then {@code PATH}), as before. */
    SYSTEM,
    /** A runtime trimmed with jlink, packed with the application. */
    JLINK;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static RuntimeKind runtime(String value) throws InvalidParameterException {
    String v = value == null || value.isBlank() ? "system" : value.trim();
    return switch (v) {
      case "system" -> RuntimeKind.SYSTEM;
      case "jlink" -> RuntimeKind.JLINK;
      default -> throw new InvalidParameterException("runtime", "'" + value + "' is unknown; expected jlink or system");
    };
  }

  /**
   * Module names from {@code <modules>} or {@code <addModules>}: blanks dropped, commas split (as
   * given on the command line), each a Java module name.
   */
  public static List<String> moduleNames(String parameter, List<String> values) throws InvalidParameterException {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (v == null) {
          continue;
        }
        for (String m : v.split(",")) {
          String name = m.trim();
          if (name.isEmpty()) {
            continue;
          }
          if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new InvalidParameterException(parameter, "'" + name + "' is not a module name");
          }
          if (!out.contains(name)) {
            out.add(name);
          }
        }
      }
    }
    return out;
  }

  /**
   * The targets of a jlinked application, each with the JDK home to link it from ({@code null}:
   * the build's JDK): the configured ones, else the build JDK's platform. A target other than
   * that platform needs its own {@code <jdkHome>}.
   */
  public static Map<Target, Path> jlinkTargets(List<TargetSpec> specs, Target jdkPlatform, Path basedir) throws InvalidParameterException {
    Map<Target, Path> out = new java.util.LinkedHashMap<>();
    if (specs == null || specs.isEmpty()) {
      out.put(jdkPlatform, null);
      return out;
    }
    for (TargetSpec spec : specs) {
      if (spec == null || spec.getId() == null || spec.getId().isBlank()) {
        throw new InvalidParameterException("targets", "a <target> has no <id>; expected one of " + Target.idList());
      }
      for (String id : spec.getId().split(",")) {
        Target t = target("targets", id.trim());
        if (out.containsKey(t)) {
          throw new InvalidParameterException("targets", "target '" + t + "' is listed twice");
        }
        Path home = spec.getJdkHome() == null ? null : basedir.resolve(spec.getJdkHome().toPath()).normalize();
        if (home == null && t != jdkPlatform) {
          throw new InvalidParameterException("targets", "runtime=jlink links a runtime for " + jdkPlatform
              + " (the platform of the build's JDK); for " + t + " name a JDK of that platform with jmods: <target><id>" + t
              + "</id><jdkHome>...</jdkHome></target>");
        }
        out.put(t, home);
      }
    }
    return out;
  }

  /** The identifiers of {@code <targets>}, for the host-java runtime (which needs no JDKs). */
  public static List<String> targetIds(List<TargetSpec> specs) {
    List<String> ids = new ArrayList<>();
    if (specs != null) {
      for (TargetSpec s : specs) {
        if (s != null && s.getId() != null) {
          for (String id : s.getId().split(",")) {
            if (!id.isBlank()) {
              ids.add(id.trim());
            }
          }
        }
      }
    }
    return ids;
  }
}
