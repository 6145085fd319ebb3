package dev.sxe.format;

import java.nio.file.Path;
import java.util.List;

/**
 * One thing to pack for one target: an executable file, or a directory run through a path inside
 * it or through a program of the host.
 *
 * @param exec for a tree, the path inside it to run (with {@code /}); for a binary, the name it is
 *     extracted as ({@code null}: the container's name)
 * @param args arguments put before the user's; {@code ${SXE_HOME}} becomes the extracted directory
 * @param hostCommand for a tree run by a host program, its name (only {@code java} is known)
 */
public record EntrySpec(Target target, PayloadKind kind, Path source, String exec, List<String> args, String hostCommand) {

  public static final String HOST_JAVA = "java";

  public EntrySpec {
    args = args == null ? List.of() : List.copyOf(args);
  }

  public static EntrySpec binary(Target target, Path file) {
    return new EntrySpec(target, PayloadKind.BINARY, file, null, List.of(), null);
  }

  public static EntrySpec tree(Target target, Path dir, String exec) {
    return new EntrySpec(target, PayloadKind.TREE, dir, exec, List.of(), null);
  }

  /** A tree started by the host's {@code java} (JAVA_HOME first, then PATH). */
  public static EntrySpec hostJava(Target target, Path dir, List<String> args) {
    return new EntrySpec(target, PayloadKind.TREE, dir, null, args, HOST_JAVA);
  }

  public EntrySpec withArgs(List<String> newArgs) {
    return new EntrySpec(target, kind, source, exec, newArgs, hostCommand);
  }

  public EntrySpec withExec(String newExec) {
    return new EntrySpec(target, kind, source, newExec, args, hostCommand);
  }
}
