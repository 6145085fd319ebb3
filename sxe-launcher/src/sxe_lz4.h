/* LZ4 frame decoder (LZ4 Frame format 1.6.x + LZ4 Block format), written from
 * the format descriptions. Supports linked and independent blocks, all block
 * maximum sizes (64 KiB .. 4 MiB), block checksums, content checksum, content
 * size, uncompressed blocks, skippable frames, concatenated frames and the
 * legacy frame format (magic 0x184C2102). Dictionary IDs are rejected.
 *
 * Every function returns SXE_LZ4_OK (0) or a negative SXE_LZ4_E* code.
 * Malformed input never reads or writes out of bounds. */
#ifndef SXE_LZ4_H
#define SXE_LZ4_H

#include <stddef.h>
#include <stdint.h>

enum {
    SXE_LZ4_OK = 0,
    SXE_LZ4_ETRUNCATED = -1,     /* input ends in the middle of a frame */
    SXE_LZ4_EMAGIC = -2,         /* not an LZ4 frame (bad magic number) */
    SXE_LZ4_EVERSION = -3,       /* unsupported frame version */
    SXE_LZ4_ERESERVED = -4,      /* reserved header bits set / bad block max size */
    SXE_LZ4_EHEADER_CKSUM = -5,  /* frame descriptor checksum mismatch */
    SXE_LZ4_EDICT = -6,          /* frame needs a dictionary (unsupported) */
    SXE_LZ4_EBLOCK_SIZE = -7,    /* block larger than the block maximum size */
    SXE_LZ4_ECORRUPT = -8,       /* malformed compressed block */
    SXE_LZ4_EBLOCK_CKSUM = -9,   /* block checksum mismatch */
    SXE_LZ4_ECONTENT_CKSUM = -10,/* content checksum mismatch */
    SXE_LZ4_ECONTENT_SIZE = -11, /* decoded size differs from the content size field */
    SXE_LZ4_EDST_SIZE = -12,     /* output does not fit in the caller's buffer */
    SXE_LZ4_ENOMEM = -13,        /* memory allocation failed */
    SXE_LZ4_ECALLBACK = -14,     /* output callback reported failure */
    SXE_LZ4_EEMPTY = -15,        /* input holds no frame at all */
    SXE_LZ4_EUSAGE = -16         /* API misuse (NULL arguments, use after error) */
};

/* Human-readable message for a code above (never NULL). */
const char *sxe_lz4_strerror(int code);

/* One-shot: decode all frames in src[0..src_len) into dst[0..dst_cap).
 * On success stores the decoded length in *dst_len (may be NULL) and returns 0.
 * Uses no heap memory. */
int sxe_lz4_decompress(const void *src, size_t src_len,
                       void *dst, size_t dst_cap, size_t *dst_len);

/* Streaming: feed compressed input in chunks of any size; decoded data is
 * handed to `write` block by block (at most one block maximum size, <= 4 MiB,
 * or 8 MiB for legacy frames, per call). `write` returns 0 to continue, any
 * other value aborts with SXE_LZ4_ECALLBACK.
 * Memory: 64 KiB history + block max size for output, plus a staging buffer
 * of at most one compressed block (only used when a block straddles feeds). */
typedef int (*sxe_lz4_write_fn)(void *opaque, const void *data, size_t len);
typedef struct sxe_lz4_stream sxe_lz4_stream;

sxe_lz4_stream *sxe_lz4_stream_new(sxe_lz4_write_fn write, void *opaque);
/* Returns 0 or an error; errors are sticky (later calls return the same code). */
int sxe_lz4_stream_feed(sxe_lz4_stream *s, const void *data, size_t len);
/* Declares end of input: returns 0 only if input ended exactly after a complete
 * frame (and at least one frame was seen). */
int sxe_lz4_stream_finish(sxe_lz4_stream *s);
/* Forget all input (and any error) and start over, keeping the buffers and
 * the callback: cheaper than free + new when decoding many inputs. */
void sxe_lz4_stream_reset(sxe_lz4_stream *s);
/* Total decoded bytes so far. */
uint64_t sxe_lz4_stream_total_out(const sxe_lz4_stream *s);
void sxe_lz4_stream_free(sxe_lz4_stream *s);

#endif
