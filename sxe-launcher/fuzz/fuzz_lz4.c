/* libFuzzer target for the LZ4 frame decoder.
 * Input: 1 control byte, then the compressed stream.
 *   control bit 0: recompute the first frame's header checksum byte (so that
 *                  mutations of the descriptor get past the checksum);
 *   control bits 1..7: seed of the chunk sizes used for the streaming API.
 * Both APIs must agree: when both succeed (and the output fits the one-shot
 * buffer) outputs must be identical; success in one and failure in the other
 * is a bug (except for the one-shot buffer being too small). */
#include "sxe_lz4.h"
#include "sxe_xxh32.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CAP (1u << 20)

typedef struct {
    uint8_t *buf;
    size_t len;
    int overflow;
} sink;

static int collect(void *opaque, const void *data, size_t len)
{
    sink *k = (sink *)opaque;
    if (len == 0 || len > (8u << 20))
        abort(); /* callback is only called with a non-empty block */
    if (k->overflow || len > CAP - k->len) {
        k->overflow = 1;
        return 0;
    }
    memcpy(k->buf + k->len, data, len);
    k->len += len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *one, *two;
    static sxe_lz4_stream *s;
    uint8_t *in;
    size_t n, one_len = 0, off;
    int rc1, rc2;
    uint32_t seed;
    static sink k;

    if (size < 1)
        return 0;
    if (!one) {
        one = (uint8_t *)malloc(CAP);
        two = (uint8_t *)malloc(CAP);
        if (!one || !two)
            abort();
    }
    n = size - 1;
    in = (uint8_t *)malloc(n ? n : 1);
    if (!in)
        abort();
    memcpy(in, data + 1, n);
    seed = data[0] >> 1;
    if ((data[0] & 1) && n >= 7 && in[0] == 0x04 && in[1] == 0x22 && in[2] == 0x4D && in[3] == 0x18) {
        size_t dl = 3 + ((in[4] & 0x08) ? 8 : 0) + ((in[4] & 0x01) ? 4 : 0);
        if (n >= 4 + dl)
            in[4 + dl - 1] = (uint8_t)(sxe_xxh32(in + 4, dl - 1, 0) >> 8);
    }

    /* one-shot, full buffer */
    rc1 = sxe_lz4_decompress(in, n, one, CAP, &one_len);
    if (rc1 == 0 && one_len > CAP)
        abort();

    /* one-shot into a small buffer must never overrun it (ASan checks) */
    {
        size_t cap2 = (size_t)(seed * 37u) % 4096u, l2 = 0;
        uint8_t *small = (uint8_t *)malloc(cap2 ? cap2 : 1);
        int r = sxe_lz4_decompress(in, n, small, cap2, &l2);
        if (r == 0 && (rc1 != 0 || l2 != one_len || memcmp(small, one, l2) != 0))
            abort();
        free(small);
    }

    /* streaming with pseudo-random chunk sizes */
    k.buf = two;
    k.len = 0;
    k.overflow = 0;
    if (!s) {
        s = sxe_lz4_stream_new(collect, &k);
        if (!s)
            abort();
    }
    sxe_lz4_stream_reset(s);
    rc2 = 0;
    off = 0;
    while (off < n && rc2 == 0) {
        size_t chunk;
        seed = seed * 1103515245u + 12345u;
        chunk = 1 + (seed >> 16) % 97u;
        if ((seed >> 8) % 5 == 0)
            chunk = n - off;
        if (chunk > n - off)
            chunk = n - off;
        rc2 = sxe_lz4_stream_feed(s, in + off, chunk);
        off += chunk;
    }
    if (rc2 == 0)
        rc2 = sxe_lz4_stream_finish(s);
    if (rc2 == 0 && sxe_lz4_stream_total_out(s) != k.len && !k.overflow)
        abort();

    if (!k.overflow && rc1 != SXE_LZ4_EDST_SIZE) {
        if ((rc1 == 0) != (rc2 == 0))
            abort();
        if (rc1 == 0 && (one_len != k.len || memcmp(one, two, one_len) != 0))
            abort();
    }
    if (sxe_lz4_strerror(rc1) == NULL || sxe_lz4_strerror(rc2) == NULL)
        abort();
    free(in);
    return 0;
}
