/* sxe_zstd.h - self-contained Zstandard (RFC 8878) frame decoder.
 *
 * Supports every feature of frames without a dictionary: raw/RLE/compressed
 * blocks, raw/RLE/Huffman (1 or 4 streams, with or without a new tree)
 * literals, predefined/RLE/FSE/repeat sequence tables, repeat offsets,
 * single-segment frames, content checksums (XXH64, always verified), any
 * number of concatenated zstd and skippable frames.  Frames that name a
 * dictionary (non-zero Dictionary_ID) are rejected with SXE_ZSTD_E_DICT.
 *
 * Two APIs:
 *  - one-shot: the whole input is in memory and the caller supplies an
 *    output buffer (e.g. mmap'ed, sized from sxe_zstd_content_size()).
 *    Memory used besides the caller's buffers: ~150 KiB of tables and
 *    literal scratch.  Window sizes are not limited (history is the output
 *    buffer itself); output beyond dstcap is an error, never an overflow.
 *  - streaming: feed input in chunks of any size, decoded data is handed to
 *    a callback block by block (<= 128 KiB at a time).  Memory is bounded by
 *    min(window, content size) + 256 KiB; frames whose window exceeds the
 *    max_window given to sxe_zstd_stream_new() fail with SXE_ZSTD_E_WINDOW.
 *
 * All functions return 0 (SXE_ZSTD_OK) or a negative SXE_ZSTD_E_* code.
 * Malformed input of any kind yields an error code; it never causes an
 * out-of-bounds access, unbounded allocation or a hang. */
#ifndef SXE_ZSTD_H
#define SXE_ZSTD_H

#include <stddef.h>
#include <stdint.h>

#define SXE_ZSTD_OK           0
#define SXE_ZSTD_E_NOMEM     -1  /* allocation failed */
#define SXE_ZSTD_E_TRUNCATED -2  /* input ends inside a frame (or is empty) */
#define SXE_ZSTD_E_MAGIC     -3  /* not a zstd or skippable frame */
#define SXE_ZSTD_E_HEADER    -4  /* invalid frame header (reserved bit set) */
#define SXE_ZSTD_E_DICT      -5  /* frame requires a dictionary */
#define SXE_ZSTD_E_WINDOW    -6  /* window larger than the configured maximum */
#define SXE_ZSTD_E_CORRUPT   -7  /* malformed block data */
#define SXE_ZSTD_E_CHECKSUM  -8  /* content checksum mismatch */
#define SXE_ZSTD_E_DSTSIZE   -9  /* output does not fit the destination buffer */
#define SXE_ZSTD_E_SIZE      -10 /* decoded size differs from Frame_Content_Size */
#define SXE_ZSTD_E_WRITE     -11 /* the write callback reported failure */
#define SXE_ZSTD_E_ARG       -12 /* invalid argument / API misuse */

/* Default and absolute maxima for the streaming window (bytes).  The default
 * equals what `zstd -d` accepts without --memory: 2^27 (128 MiB), which
 * covers every level up to --ultra -22 and --long=27. */
#define SXE_ZSTD_DEFAULT_MAX_WINDOW ((uint64_t)1 << 27)
#define SXE_ZSTD_ABS_MAX_WINDOW     ((uint64_t)1 << 31)

/* Human-readable message for an error code (static string, never NULL). */
const char *sxe_zstd_strerror(int err);

/* One-shot: decode every frame in src[0..srclen) into dst[0..dstcap).
 * On success returns 0 and stores the total decoded size in *outlen.
 * Bytes of dst past *outlen may have been overwritten (scratch). */
int sxe_zstd_decode(const uint8_t *src, size_t srclen,
                    uint8_t *dst, size_t dstcap, size_t *outlen);

/* Sum of Frame_Content_Size over all frames of src (skippable frames count
 * as 0).  Returns 0 and sets *size if every frame declares its size,
 * SXE_ZSTD_E_SIZE if some frame does not, or another error for bad input.
 * Only headers are parsed (blocks are walked, not decoded). */
int sxe_zstd_content_size(const uint8_t *src, size_t srclen, uint64_t *size);

/* Streaming. */
typedef struct sxe_zstd_stream sxe_zstd_stream;

/* Receives decoded data in order.  Return 0 to continue, non-zero to abort
 * (the feed call then fails with SXE_ZSTD_E_WRITE). */
typedef int (*sxe_zstd_write_fn)(void *user, const uint8_t *data, size_t len);

/* max_window: largest accepted Window_Size in bytes; 0 means
 * SXE_ZSTD_DEFAULT_MAX_WINDOW; values above SXE_ZSTD_ABS_MAX_WINDOW are
 * clamped to it.  Returns NULL if out of memory. */
sxe_zstd_stream *sxe_zstd_stream_new(uint64_t max_window);

/* Consume len bytes of input (any split is fine).  Errors are sticky: once a
 * call fails, every later call returns the same error. */
int sxe_zstd_stream_feed(sxe_zstd_stream *s, const uint8_t *src, size_t len,
                         sxe_zstd_write_fn write, void *user);

/* Call at end of input: returns 0 if the input ended exactly after a
 * complete frame (at least one frame seen), else an error
 * (SXE_ZSTD_E_TRUNCATED). */
int sxe_zstd_stream_finish(sxe_zstd_stream *s);

/* Total decoded bytes delivered so far. */
uint64_t sxe_zstd_stream_total(const sxe_zstd_stream *s);

void sxe_zstd_stream_free(sxe_zstd_stream *s);

#endif
