package dev.sxe.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sh/cmd polyglot script. Every offset, size and checksum is written into the script as a
 * literal, so at run time it never scans or parses the file: a cache hit is a few builtins and one
 * exec, and a miss copies the payload with {@code tail -c | head -c} in large blocks instead of
 * the reference stub's {@code dd bs=1}.
 */
final class PolyglotStub implements Stub {

  private static final String TEMPLATE = loadTemplate();
  private static final String HOME = "${SXE_HOME}";

  @Override
  public StubKind kind() {
    return StubKind.POLYGLOT;
  }

  @Override
  public byte[] render(Manifest manifest, Compression compression, long headerOffset) {
    StringBuilder cases = new StringBuilder();
    StringBuilder args = new StringBuilder();
    for (ManifestEntry e : manifest.entries()) {
      cases.append("  ").append(e.target().id()).append(") ")
          .append("sxe_off=").append(e.offset())
          .append(" sxe_len=").append(e.compressedSize())
          .append(" sxe_size=").append(e.uncompressedSize())
          .append(" sxe_kind=").append(e.kind().label())
          .append(" sxe_exec=").append(quote(e.exec() == null ? "" : e.exec()))
          .append(" sxe_host=").append(quote(e.hostCommand() == null ? "" : e.hostCommand()))
          .append("\n    sxe_b3=").append(e.checksum())
          .append("\n    sxe_sha=").append(e.sha256() == null ? "" : e.sha256());
      if (e.launcher() != null && e.launcher().sha256() != null) {
        cases.append("\n    sxe_l_off=").append(e.launcher().offset())
            .append(" sxe_l_len=").append(e.launcher().size())
            .append("\n    sxe_l_b3=").append(e.launcher().checksum())
            .append("\n    sxe_l_sha=").append(e.launcher().sha256());
      }
      cases.append(" ;;\n");
      if (!e.args().isEmpty()) {
        args.append("    ").append(e.target().id()).append(") set --");
        for (String a : e.args()) {
          args.append(' ').append(word(a));
        }
        args.append(" \"$@\" ;;\n");
      }
    }
    String argsBlock = args.length() == 0 ? "" : "  case $sxe_target in\n" + args + "  esac\n";
    String meta = "{\"name\":" + jsonString(manifest.name()) + ",\"version\":" + jsonString(manifest.version());
    String text = TEMPLATE
        .replace("@@CREATED_BY@@", manifest.createdBy() == null ? "sxe" : manifest.createdBy().replace('\n', ' '))
        .replace("@@HEADER_OFFSET@@", Long.toString(headerOffset))
        .replace("@@CACHE@@", manifest.cacheMode().label())
        .replace("@@COMPRESSION@@", compression.label())
        .replace("@@META_PREFIX@@", quote(meta))
        .replace("@@ENTRY_CASES@@\n", cases.toString())
        .replace("@@TARGET_LIST@@", manifest.entries().stream().map(e -> e.target().id()).collect(Collectors.joining(" ")))
        .replace("@@ARGS_CASES@@\n", argsBlock);
    return minify(text).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Drops comment lines and indentation from the rendered script: the template stays readable
   * and the stub stays near PBIN's 4 KB target. The shebang, the signature line and the batch
   * half are kept as they are.
   */
  static String minify(String script) {
    StringBuilder out = new StringBuilder(script.length());
    boolean batch = false;
    for (String line : script.split("\n", -1)) {
      String t = line.strip();
      if (line.startsWith(":<<")) {
        batch = true;
      } else if (line.startsWith("::")) {
        batch = false;
      } else if (!batch && t.startsWith("#") && !line.startsWith("#!") && !line.startsWith(StubKind.POLYGLOT_SIGNATURE)) {
        continue;
      }
      out.append(batch ? line : t).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /** A single-quoted shell word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** A shell word in which each {@code ${SXE_HOME}} becomes the variable and the rest stays literal. */
  static String word(String arg) {
    if (!arg.contains(HOME)) {
      return quote(arg);
    }
    StringBuilder w = new StringBuilder();
    List<String> parts = List.of(arg.split("\\$\\{SXE_HOME\\}", -1));
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        w.append("\"$SXE_HOME\"");
      }
      if (!parts.get(i).isEmpty()) {
        w.append(quote(parts.get(i)));
      }
    }
    return w.toString();
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String loadTemplate() {
    try (InputStream in = PolyglotStub.class.getResourceAsStream("polyglot-stub.sh")) {
      if (in == null) {
        throw new IllegalStateException("polyglot-stub.sh is missing from the sxe-format jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
