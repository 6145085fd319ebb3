import dev.sxe.format.CacheMode;
import dev.sxe.format.Compression;
import dev.sxe.format.CompressionSettings;
import dev.sxe.format.ContainerBuilder;
import dev.sxe.format.EntrySpec;
import dev.sxe.format.StubMode;
import dev.sxe.format.Target;
import dev.sxe.format.WriteResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmarks' packer: a direct call of sxe-format, run as a single-file program
 * (bench/pack.sh supplies the class path).
 * Usage: Pack STUB CODEC LEVEL LONG_WINDOW CACHE INPUT OUTPUT
 */
public class Pack {
  public static void main(String[] a) throws Exception {
    if (a.length != 7) {
      System.err.println("usage: Pack native|polyglot|auto zstd|lz4|none LEVEL LONG_WINDOW user|temp INPUT OUTPUT");
      System.exit(2);
    }
    Compression codec = Compression.parse(a[1]);
    int level = Integer.parseInt(a[2]);
    CompressionSettings settings = codec == Compression.NONE ? CompressionSettings.none()
        : new CompressionSettings(codec, level, Integer.parseInt(a[3]));
    Path in = Path.of(a[5]);
    String name = in.getFileName().toString();
    WriteResult r = ContainerBuilder.create(name, "bench")
        .compression(settings)
        .cacheMode(CacheMode.valueOf(a[4].toUpperCase()))
        .stub(StubMode.parse(a[0]).select(List.of(Target.LINUX_X86_64)))
        .add(EntrySpec.binary(Target.LINUX_X86_64, in))
        .writeTo(Path.of(a[6]));
    System.out.println(r.fileSize() + " " + r.stubKind() + " " + r.stubSize());
  }
}
