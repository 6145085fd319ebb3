package dev.sxe.jlink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a JDK tool as a process and collects its output. */
final class Tool {

  record Result(int exitCode, String stdout, String stderr) {}

  private Tool() {}

  /**
   * Runs {@code jdk}'s tool {@code name}: in this JVM through {@link java.util.spi.ToolProvider}
   * when {@code jdk} is the running JDK (no JVM start-up, a warm JIT), else as a process.
   */
  static Result run(Jdk jdk, String name, List<String> args) throws JlinkException {
    Path here = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
    if (jdk.home().equals(here)) {
      java.util.Optional<java.util.spi.ToolProvider> tool = java.util.spi.ToolProvider.findFirst(name);
      if (tool.isPresent()) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code;
        try (java.io.PrintWriter o = new java.io.PrintWriter(out); java.io.PrintWriter e = new java.io.PrintWriter(err)) {
          code = tool.get().run(o, e, args.toArray(String[]::new));
        }
        return new Result(code, out.toString(), err.toString());
      }
    }
    return run(jdk.tool(name), args);
  }

  static Result run(Path exe, List<String> args) throws JlinkException {
    List<String> cmd = new ArrayList<>();
    cmd.add(exe.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // A JAVA_TOOL_OPTIONS of the build would be echoed into the output.
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      int code = p.waitFor();
      return new Result(code, out, err.join());
    } catch (IOException e) {
      throw new JlinkException("cannot run " + exe + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JlinkException("interrupted while running " + exe, e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(Path exe, List<String> args, Result r) {
    String out = (r.stderr() + "\n" + r.stdout()).strip();
    return exe.getFileName() + " " + String.join(" ", args) + " failed with exit code " + r.exitCode()
        + (out.isEmpty() ? "" : ":\n" + out);
  }
}
