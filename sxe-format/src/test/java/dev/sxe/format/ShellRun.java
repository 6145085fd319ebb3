package dev.sxe.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a packed file through a given shell and collects what it did. */
record ShellRun(int exitCode, String stdout, String stderr) {

  /** The shells the polyglot stub must work under, as command prefixes. */
  static final List<List<String>> SHELLS = List.of(
      List.of("/bin/sh"), List.of("dash"), List.of("bash"), List.of("zsh"), List.of("busybox", "sh"));

  static ProcessBuilder builder(List<String> shell, Path file, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(shell);
    cmd.add(file.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb;
  }

  static ShellRun run(List<String> shell, Path file, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    Process p = builder(shell, file, env, args).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread t = new Thread(() -> {
      try {
        err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.complete("");
      }
    });
    t.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + shell + " " + file);
    }
    t.join();
    return new ShellRun(p.exitValue(), out, err.join());
  }
}
