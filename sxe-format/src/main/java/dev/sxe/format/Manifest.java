package dev.sxe.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sxe.format.InvalidContainerException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON manifest. PBIN's fields keep their names and meaning; everything sxe adds lives in an
 * {@code sxe} object (top level and per entry) so that plain PBIN readers are not disturbed.
 *
 * @param cacheMode {@code null} for a plain PBIN file, which a reader treats as temp mode
 */
public record Manifest(String name, String version, List<ManifestEntry> entries, int sxeFormat, String createdBy, CacheMode cacheMode) {

  public static final int SXE_FORMAT = 1;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public Manifest {
    entries = List.copyOf(entries);
  }

  public Optional<ManifestEntry> entry(Target target) {
    return entries.stream().filter(e -> e.target() == target).findFirst();
  }

  public boolean isSxe() {
    return sxeFormat > 0;
  }

  Manifest withEntries(List<ManifestEntry> newEntries) {
    return new Manifest(name, version, newEntries, sxeFormat, createdBy, cacheMode);
  }

  /** Compact UTF-8 JSON with a fixed key order, so equal manifests give equal bytes. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeStringField("version", version);
      g.writeArrayFieldStart("entries");
      for (ManifestEntry e : entries) {
        g.writeStartObject();
        g.writeStringField("target", e.target().id());
        g.writeNumberField("offset", e.offset());
        g.writeNumberField("compressed_size", e.compressedSize());
        g.writeNumberField("uncompressed_size", e.uncompressedSize());
        g.writeStringField("checksum", e.checksum());
        if (isSxe()) {
          g.writeObjectFieldStart("sxe");
          g.writeStringField("kind", e.kind().label());
          if (e.exec() != null) {
            g.writeStringField("exec", e.exec());
          }
          if (e.hostCommand() != null) {
            g.writeStringField("host_command", e.hostCommand());
          }
          if (!e.args().isEmpty()) {
            g.writeArrayFieldStart("args");
            for (String a : e.args()) {
              g.writeString(a);
            }
            g.writeEndArray();
          }
          if (e.sha256() != null) {
            g.writeStringField("sha256", e.sha256());
          }
          if (e.launcher() != null) {
            g.writeObjectFieldStart("launcher");
            g.writeNumberField("offset", e.launcher().offset());
            g.writeNumberField("size", e.launcher().size());
            g.writeStringField("checksum", e.launcher().checksum());
            if (e.launcher().sha256() != null) {
              g.writeStringField("sha256", e.launcher().sha256());
            }
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (isSxe()) {
        g.writeObjectFieldStart("sxe");
        g.writeNumberField("format", sxeFormat);
        g.writeStringField("created_by", createdBy);
        g.writeStringField("cache", cacheMode.label());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Manifest parse(byte[] json, Path file) throws InvalidContainerException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw invalid(file, "manifest is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "manifest is not a JSON object");
    }
    String name = text(root, "name", file, "manifest");
    String version = text(root, "version", file, "manifest");
    JsonNode list = root.get("entries");
    if (list == null || !list.isArray()) {
      throw invalid(file, "manifest has no \"entries\" array");
    }
    JsonNode top = root.get("sxe");
    boolean sxe = top != null;
    if (sxe && !top.isObject()) {
      throw invalid(file, "manifest \"sxe\" is not an object");
    }
    List<ManifestEntry> entries = new ArrayList<>();
    Set<Target> seen = EnumSet.noneOf(Target.class);
    for (int i = 0; i < list.size(); i++) {
      ManifestEntry e = parseEntry(list.get(i), i, file);
      if (!seen.add(e.target())) {
        throw new InvalidContainerException(file, Problem.DUPLICATE_TARGET, "manifest lists target " + e.target() + " twice");
      }
      entries.add(e);
    }
    if (!sxe) {
      return new Manifest(name, version, entries, 0, null, null);
    }
    int format = (int) number(top, "format", file, "manifest sxe");
    if (format != SXE_FORMAT) {
      throw new InvalidContainerException(file, Problem.UNSUPPORTED_VERSION, "unsupported sxe manifest format " + format);
    }
    JsonNode createdBy = top.get("created_by");
    CacheMode cache;
    try {
      cache = CacheMode.parse(text(top, "cache", file, "manifest sxe"));
    } catch (IllegalArgumentException e) {
      throw invalid(file, "manifest sxe.cache: " + e.getMessage());
    }
    return new Manifest(name, version, entries, format, createdBy == null ? null : createdBy.asText(), cache);
  }

  private static ManifestEntry parseEntry(JsonNode n, int index, Path file) throws InvalidContainerException {
    String where = "manifest entry " + index;
    if (n == null || !n.isObject()) {
      throw invalid(file, where + " is not an object");
    }
    String targetId = text(n, "target", file, where);
    Target target = Target.fromId(targetId).orElseThrow(() -> new InvalidContainerException(file, Problem.UNKNOWN_TARGET,
        where + " has unknown target '" + targetId + "' (expected one of " + Target.idList() + ")"));
    long offset = number(n, "offset", file, where);
    long compressed = number(n, "compressed_size", file, where);
    long uncompressed = number(n, "uncompressed_size", file, where);
    String checksum = text(n, "checksum", file, where);
    if (!HEX64.matcher(checksum).matches()) {
      throw invalid(file, where + " checksum is not 64 lowercase hex characters");
    }
    JsonNode x = n.get("sxe");
    if (x == null) {
      return new ManifestEntry(target, offset, compressed, uncompressed, checksum, PayloadKind.BINARY, null, List.of(), null, null, null);
    }
    if (!x.isObject()) {
      throw invalid(file, where + " sxe is not an object");
    }
    String kindLabel = text(x, "kind", file, where + " sxe");
    PayloadKind kind = PayloadKind.fromLabel(kindLabel)
        .orElseThrow(() -> invalid(file, where + " has unknown kind '" + kindLabel + "'"));
    String exec = optionalText(x, "exec", file, where);
    String host = optionalText(x, "host_command", file, where);
    String sha = optionalText(x, "sha256", file, where);
    if (sha != null && !HEX64.matcher(sha).matches()) {
      throw invalid(file, where + " sha256 is not 64 lowercase hex characters");
    }
    List<String> args = new ArrayList<>();
    JsonNode a = x.get("args");
    if (a != null) {
      if (!a.isArray()) {
        throw invalid(file, where + " args is not an array");
      }
      for (JsonNode s : a) {
        if (!s.isTextual()) {
          throw invalid(file, where + " args holds a non-string");
        }
        args.add(s.asText());
      }
    }
    ManifestEntry.LauncherRef launcher = null;
    JsonNode l = x.get("launcher");
    if (l != null) {
      if (!l.isObject()) {
        throw invalid(file, where + " launcher is not an object");
      }
      String lsum = text(l, "checksum", file, where + " launcher");
      String lsha = optionalText(l, "sha256", file, where + " launcher");
      if (!HEX64.matcher(lsum).matches() || (lsha != null && !HEX64.matcher(lsha).matches())) {
        throw invalid(file, where + " launcher checksums are not 64 lowercase hex characters");
      }
      launcher = new ManifestEntry.LauncherRef(number(l, "offset", file, where + " launcher"),
          number(l, "size", file, where + " launcher"), lsum, lsha);
    }
    return new ManifestEntry(target, offset, compressed, uncompressed, checksum, kind, exec, args, host, sha, launcher);
  }

  private static String text(JsonNode n, String field, Path file, String where) throws InvalidContainerException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid(file, where + " has no string \"" + field + "\"");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode n, String field, Path file, String where) throws InvalidContainerException {
    JsonNode v = n.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(file, where + " \"" + field + "\" is not a string");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, Path file, String where) throws InvalidContainerException {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw invalid(file, where + " has no non-negative integer \"" + field + "\"");
    }
    return v.asLong();
  }

  private static InvalidContainerException invalid(Path file, String detail) {
    return new InvalidContainerException(file, Problem.INVALID_MANIFEST, detail);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The manifest as a Jackson tree, for reports that show it whole. */
  public ObjectNode toTree() {
    try {
      return (ObjectNode) MAPPER.readTree(toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
