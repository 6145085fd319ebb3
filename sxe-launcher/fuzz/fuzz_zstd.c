/* libFuzzer target for the zstd decoder: runs the one-shot API (with a
 * large, an exact and a too-small destination) and the streaming API (whole
 * input, then byte-split chunks) and checks they agree.  Output is bounded to
 * FUZZ_CAP bytes so a single input cannot take long. */
#include "sxe_zstd.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_CAP ((size_t)1 << 24)

static uint8_t *big;

typedef struct {
    const uint8_t *ref; /* one-shot output to compare against, or NULL */
    size_t reflen;
    size_t n;
} sink;

static int on_data(void *user, const uint8_t *d, size_t len)
{
    sink *s = (sink *)user;
    if (len > FUZZ_CAP - s->n)
        return 1; /* stop: output too large for this harness */
    if (s->ref) {
        if (s->n + len > s->reflen || memcmp(s->ref + s->n, d, len) != 0)
            abort(); /* streaming and one-shot disagree */
    }
    s->n += len;
    return 0;
}

static void run_stream(const uint8_t *data, size_t size, size_t chunk, const uint8_t *ref, size_t reflen,
                       int must_fail)
{
    sxe_zstd_stream *s = sxe_zstd_stream_new((uint64_t)1 << 24);
    sink k;
    size_t off = 0;
    int err = 0;
    if (!s)
        return;
    k.ref = ref;
    k.reflen = reflen;
    k.n = 0;
    while (off < size && !err) {
        size_t n = size - off < chunk ? size - off : chunk;
        err = sxe_zstd_stream_feed(s, data + off, n, on_data, &k);
        off += n;
    }
    if (!err)
        err = sxe_zstd_stream_finish(s);
    if (ref && !err && k.n != reflen)
        abort();
    if (must_fail && !err)
        abort(); /* one-shot rejected the input as malformed, streaming accepted it */
    sxe_zstd_stream_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t outlen = 0;
    int err;
    const uint8_t *ref = NULL;
    if (!big) {
        big = (uint8_t *)malloc(FUZZ_CAP);
        if (!big)
            return 0;
    }
    err = sxe_zstd_decode(data, size, big, FUZZ_CAP, &outlen);
    if (!err) {
        uint8_t *exact = (uint8_t *)malloc(outlen ? outlen : 1);
        size_t l2 = 0;
        ref = big;
        if (exact) {
            /* exact-size destination: must succeed with identical output */
            if (sxe_zstd_decode(data, size, exact, outlen, &l2) != 0 || l2 != outlen ||
                memcmp(exact, big, outlen) != 0)
                abort();
            /* one byte short: must fail */
            if (outlen && sxe_zstd_decode(data, size, exact, outlen - 1, &l2) == 0)
                abort();
            free(exact);
        }
    } else {
        size_t small = size * 4 + 64;
        (void)sxe_zstd_decode(data, size, big, small < FUZZ_CAP ? small : FUZZ_CAP, &outlen);
    }
    {
        uint64_t cs;
        if (sxe_zstd_content_size(data, size, &cs) == 0 && !err && cs != outlen)
            abort();
    }
    {
        int must_fail = err != 0 && err != SXE_ZSTD_E_DSTSIZE;
        run_stream(data, size, size ? size : 1, ref, outlen, must_fail);
        run_stream(data, size, 1 + size % 23, ref, outlen, must_fail);
    }
    return 0;
}
