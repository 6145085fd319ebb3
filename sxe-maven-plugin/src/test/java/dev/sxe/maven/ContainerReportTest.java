package dev.sxe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sxe.format.CompressionSettings;
import dev.sxe.format.Container;
import dev.sxe.format.ContainerBuilder;
import dev.sxe.format.EntrySpec;
import dev.sxe.format.ManifestEntry;
import dev.sxe.format.Target;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerReportTest {

  @TempDir Path dir;

  private Path pack() throws Exception {
    Path bin = Files.writeString(dir.resolve("tool"), "#!/bin/sh\necho tool\n".repeat(50));
    Path mac = Files.writeString(dir.resolve("tool-mac"), "#!/bin/sh\necho mac\n".repeat(50));
    Path out = dir.resolve("packed");
    ContainerBuilder.create("tool", "1.2.3").compression(CompressionSettings.zstd(3))
        .add(EntrySpec.binary(Target.LINUX_X86_64, bin)).add(EntrySpec.binary(Target.DARWIN_AARCH64, mac)).writeTo(out);
    return out;
  }

  @Test
  void describesEveryPartAndVerifiesEachEntry() throws Exception {
    Path file = pack();
    ContainerReport report;
    try (Container c = Container.open(file)) {
      report = ContainerReport.of(c);
    }
    assertNull(report.firstProblem());
    String text = report.toText();
    assertTrue(text.contains("stub:    polyglot, "), text);
    assertTrue(text.matches("(?s).*PBIN version 1, compression zstd, 2 entries, manifest \\d+ bytes, flags 0x00000000.*"), text);
    assertTrue(text.contains("name:    tool 1.2.3"), text);
    assertTrue(text.contains("trailer: present"), text);
    assertTrue(text.matches("(?s).*\\nlinux-x86_64 +binary +tool +\\d+ +1000 .* yes\\n.*"), text);
    assertTrue(text.matches("(?s).*\\ndarwin-aarch64 +binary .* yes\\n.*"), text);

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals(Files.size(file), json.get("fileSize").asLong());
    assertEquals("polyglot", json.get("stub").get("kind").asText());
    assertEquals("zstd", json.get("header").get("compression").asText());
    assertTrue(json.get("sxe").asBoolean());
    assertEquals(2, json.get("entries").size());
    assertEquals("linux-x86_64", json.get("entries").get(0).get("target").asText());
    assertTrue(json.get("entries").get(1).get("verified").asBoolean());
  }

  @Test
  void aDamagedPayloadIsReportedNotHidden() throws Exception {
    Path file = pack();
    ManifestEntry second;
    try (Container c = Container.open(file)) {
      second = c.entries().get(1);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long at = second.offset() + second.compressedSize() / 2;
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x55)).rewind();
      ch.write(b, at);
    }
    ContainerReport report;
    try (Container c = Container.open(file)) {
      report = ContainerReport.of(c);
    }
    assertTrue(report.entries().get(0).verified());
    assertFalse(report.entries().get(1).verified());
    assertTrue(report.firstProblem().startsWith(file + ": "), report.firstProblem());
    assertTrue(report.toText().contains("NO: " + file), report.toText());
  }
}
