package dev.sxe.format;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/** Streams in and out of the three codecs. */
final class Codecs {

  private Codecs() {}

  /**
   * A compressing stream. zstd frames carry their XXH64 checksum so a decoder catches damage before
   * BLAKE3 does; LZ4 frames are standard frames (independent 4 MiB blocks, content checksum) that
   * the lz4 CLI reads. LZ4 uses the pure-Java factory so output is the same on every platform.
   */
  static OutputStream compressor(CompressionSettings settings, OutputStream out) throws IOException {
    return switch (settings.compression()) {
      case NONE -> new NonClosing(out);
      case ZSTD -> {
        ZstdOutputStream z = new ZstdOutputStream(new NonClosing(out), settings.level());
        z.setChecksum(true);
        if (settings.longWindowLog() > 0) {
          z.setLong(settings.longWindowLog());
        }
        yield z;
      }
      case LZ4 -> {
        LZ4Factory factory = LZ4Factory.fastestJavaInstance();
        LZ4Compressor compressor = settings.level() <= 1 ? factory.fastCompressor() : factory.highCompressor(settings.level());
        yield new LZ4FrameOutputStream(new NonClosing(out), LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB, -1L, compressor,
            XXHashFactory.fastestJavaInstance().hash32(),
            LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
      }
    };
  }

  static InputStream decompressor(Compression compression, InputStream in) throws IOException {
    return switch (compression) {
      case NONE -> in;
      case ZSTD -> new ZstdInputStream(in);
      case LZ4 -> new LZ4FrameInputStream(in);
    };
  }

  /** Lets a codec stream finish its frame on close without closing the file under it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
