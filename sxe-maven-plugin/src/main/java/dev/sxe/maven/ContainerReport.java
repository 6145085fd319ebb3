package dev.sxe.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sxe.format.Container;
import dev.sxe.format.Header;
import dev.sxe.format.ManifestEntry;
import dev.sxe.format.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the inspect goal shows about a container: file, stub, header, manifest and each entry,
 * with every payload decompressed and checked against its checksum. Works on any PBIN v1 file.
 */
public final class ContainerReport {

  /** One entry; {@code problem} is why verification failed, or {@code null}. */
  public record Entry(ManifestEntry entry, boolean verified, String problem) {}

  private final String file;
  private final long fileSize;
  private final String stubKind;
  private final long stubSize;
  private final String stubTarget;
  private final Header header;
  private final long headerOffset;
  private final String name;
  private final String version;
  private final boolean sxe;
  private final String createdBy;
  private final String cacheMode;
  private final List<Entry> entries;
  private final boolean trailer;

  private ContainerReport(Container c, List<Entry> entries) {
    this.file = c.file().toString();
    this.fileSize = c.fileSize();
    this.stubKind = c.stubKind().label();
    this.stubSize = c.stubSize();
    this.stubTarget = c.stubTarget().map(Target::id).orElse(null);
    this.header = c.header();
    this.headerOffset = c.headerOffset();
    this.name = c.manifest().name();
    this.version = c.manifest().version();
    this.sxe = c.manifest().isSxe();
    this.createdBy = c.manifest().createdBy();
    this.cacheMode = c.manifest().cacheMode() == null ? null : c.manifest().cacheMode().label();
    this.entries = List.copyOf(entries);
    this.trailer = c.trailer().isPresent();
  }

  /** Reads and verifies every entry of an open container. */
  public static ContainerReport of(Container c) {
    List<Entry> rows = new ArrayList<>();
    for (ManifestEntry e : c.entries()) {
      try {
        c.verify(e);
        rows.add(new Entry(e, true, null));
      } catch (IOException ex) {
        rows.add(new Entry(e, false, ex.getMessage()));
      }
    }
    return new ContainerReport(c, rows);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The first verification failure, if any. */
  public String firstProblem() {
    return entries.stream().filter(e -> !e.verified()).map(Entry::problem).findFirst().orElse(null);
  }

  public String toText() {
    StringBuilder b = new StringBuilder();
    line(b, "file", file + " (" + fileSize + " bytes, " + Sizes.human(fileSize) + ")");
    line(b, "stub", stubKind + (stubTarget != null ? " launcher for " + stubTarget : "") + ", " + stubSize + " bytes");
    line(b, "header", "at offset " + headerOffset + ": PBIN version " + header.version() + ", compression "
        + compressionLabel() + ", " + header.entryCount() + " entries, manifest " + header.manifestSize() + " bytes, flags "
        + String.format(Locale.ROOT, "0x%08x", header.flags()));
    line(b, "name", name + " " + version);
    line(b, "format", sxe ? "sxe (created by " + createdBy + ", cache " + cacheMode + ")" : "plain PBIN (no sxe extension)");
    line(b, "trailer", trailer ? "present" : "absent");
    b.append(String.format(Locale.ROOT, "%-16s %-6s %-24s %12s %12s %7s  %-16s %s%n",
        "target", "kind", "exec", "compressed", "size", "ratio", "checksum", "verified"));
    for (Entry r : entries) {
      ManifestEntry e = r.entry();
      String exec = e.hostCommand() != null ? e.hostCommand() + " (host)" : e.exec() == null ? "-" : e.exec();
      b.append(String.format(Locale.ROOT, "%-16s %-6s %-24s %12d %12d %7s  %-16s %s%n", e.target(), e.kind(), exec,
          e.compressedSize(), e.uncompressedSize(), Sizes.ratio(e.compressedSize(), e.uncompressedSize()),
          e.checksum().substring(0, 16), r.verified() ? "yes" : "NO: " + r.problem()));
    }
    for (Entry r : entries) {
      ManifestEntry.LauncherRef l = r.entry().launcher();
      if (l != null) {
        b.append(String.format(Locale.ROOT, "launcher %-16s %d bytes at offset %d, checksum %s%n", r.entry().target(), l.size(), l.offset(),
            l.checksum().substring(0, 16)));
      }
    }
    return b.toString();
  }

  private String compressionLabel() {
    return header.compression().label();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format(Locale.ROOT, "%-8s %s%n", key + ":", value));
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("fileSize", fileSize);
    m.put("stub", stubTarget == null ? Map.of("kind", stubKind, "size", stubSize) : Map.of("kind", stubKind, "size", stubSize, "target", stubTarget));
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("offset", headerOffset);
    h.put("version", header.version());
    h.put("compression", compressionLabel());
    h.put("entryCount", header.entryCount());
    h.put("manifestSize", header.manifestSize());
    h.put("flags", header.flags());
    m.put("header", h);
    m.put("name", name);
    m.put("version", version);
    m.put("sxe", sxe);
    m.put("createdBy", createdBy);
    m.put("cacheMode", cacheMode);
    m.put("trailer", trailer);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Entry r : entries) {
      ManifestEntry e = r.entry();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("target", e.target().id());
      row.put("kind", e.kind().label());
      row.put("exec", e.exec());
      row.put("hostCommand", e.hostCommand());
      row.put("args", e.args());
      row.put("offset", e.offset());
      row.put("compressedSize", e.compressedSize());
      row.put("uncompressedSize", e.uncompressedSize());
      row.put("checksum", e.checksum());
      row.put("verified", r.verified());
      if (e.launcher() != null) {
        row.put("launcher", Map.of("offset", e.launcher().offset(), "size", e.launcher().size(), "checksum", e.launcher().checksum()));
      }
      if (r.problem() != null) {
        row.put("problem", r.problem());
      }
      rows.add(row);
    }
    m.put("entries", rows);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
