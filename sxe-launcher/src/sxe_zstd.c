/* sxe_zstd.c - Zstandard (RFC 8878) frame decoder, written from the RFC.
 *
 * Layout:
 *   - little helpers (loads, bit lengths)
 *   - backward bit reader (used by Huffman, FSE weights and sequences)
 *   - FSE table description parsing and decoding-table construction
 *   - Huffman tree description and literal stream decoding
 *   - sequence section decoding and execution
 *   - frame header parsing
 *   - one-shot API, streaming API
 */
#include "sxe_zstd.h"
#include "sxe_le.h"
#include "sxe_xxh64.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_MAX   ((size_t)1 << 17) /* 128 KiB */
#define WILD        32                /* over-write slack used by fast copies */
#define MAGIC_ZSTD  0xFD2FB528u
#define MAGIC_SKIP  0x184D2A50u       /* low nibble is free */
#define HUF_MAXBITS 11

/* ---------------------------------------------------------------- helpers */

/* index of the highest set bit; x must be non-zero */
static unsigned hibit(uint32_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return 31u - (unsigned)__builtin_clz(x);
#else
    unsigned n = 0;
    while (x >>= 1)
        n++;
    return n;
#endif
}

const char *sxe_zstd_strerror(int err)
{
    switch (err) {
    case SXE_ZSTD_OK: return "success";
    case SXE_ZSTD_E_NOMEM: return "out of memory";
    case SXE_ZSTD_E_TRUNCATED: return "truncated input";
    case SXE_ZSTD_E_MAGIC: return "not zstd data (bad magic number)";
    case SXE_ZSTD_E_HEADER: return "invalid frame header";
    case SXE_ZSTD_E_DICT: return "frame requires a dictionary";
    case SXE_ZSTD_E_WINDOW: return "window size too large";
    case SXE_ZSTD_E_CORRUPT: return "corrupt compressed data";
    case SXE_ZSTD_E_CHECKSUM: return "content checksum mismatch";
    case SXE_ZSTD_E_DSTSIZE: return "output larger than destination buffer";
    case SXE_ZSTD_E_SIZE: return "decoded size differs from declared content size";
    case SXE_ZSTD_E_WRITE: return "write failed";
    case SXE_ZSTD_E_ARG: return "invalid argument";
    default: return "unknown error";
    }
}

/* ------------------------------------------------------ backward bit reader
 *
 * A bitstream is read from its last byte towards its first.  The last byte
 * holds a 1 marker above the final bits.  'bits' holds the unread bits
 * left-aligned (next bit to read is bit 63); 'used' counts bits consumed from
 * the 8-byte word at 'cur'.  Reading past the beginning yields zero bits and
 * is detected by used > 64 once cur has reached the start. */
typedef struct {
    uint64_t bits;
    unsigned used;
    const uint8_t *cur;
    const uint8_t *start;
    int small; /* stream shorter than 8 bytes: everything preloaded */
} bitrd;

static int br_init(bitrd *b, const uint8_t *p, size_t n)
{
    uint8_t last;
    if (n == 0)
        return -1;
    last = p[n - 1];
    if (last == 0)
        return -1;
    b->start = p;
    if (n >= 8) {
        b->cur = p + n - 8;
        b->used = 8 - hibit(last);
        b->small = 0;
        b->bits = sxe_le64(b->cur) << b->used;
    } else {
        uint64_t v = 0;
        size_t i;
        for (i = n; i-- > 0;)
            v = (v << 8) | p[i];
        b->cur = p;
        b->small = 1;
        b->used = (unsigned)(8 - n) * 8 + 8 - hibit(last);
        b->bits = v << ((8 - n) * 8);
        b->bits <<= 8 - hibit(last);
    }
    return 0;
}

/* read n bits (0 <= n <= 57 after a reload) */
#define BR_READ(b, n) br_read(&(b), (n))
static inline uint64_t br_read(bitrd *b, unsigned n)
{
    uint64_t v = (b->bits >> (63 - n)) >> 1;
    b->bits <<= n;
    b->used += n;
    return v;
}

static inline void br_reload(bitrd *b)
{
    size_t back, avail;
    if (b->cur - b->start >= 8) {
        /* common case: used <= 64 here, so at most 8 bytes back */
        b->cur -= b->used >> 3;
        b->used &= 7;
        b->bits = sxe_le64(b->cur) << b->used;
        return;
    }
    back = b->used >> 3;
    if (b->small || back == 0)
        return;
    avail = (size_t)(b->cur - b->start);
    if (back > avail)
        back = avail;
    if (back == 0)
        return;
    b->cur -= back;
    b->used -= (unsigned)back * 8;
    b->bits = b->used >= 64 ? 0 : sxe_le64(b->cur) << b->used;
}

/* after a reload: all bits consumed exactly */
static int br_done(const bitrd *b) { return b->cur == b->start && b->used == 64; }
/* after a reload: more bits consumed than exist */
static int br_over(const bitrd *b) { return b->cur == b->start && b->used > 64; }

/* ------------------------------------------------------------- FSE tables */

typedef struct {
    uint32_t base;   /* literal/match length baseline, or offset 1<<code */
    uint16_t next;   /* baseline of the next state */
    uint8_t nb;      /* bits to read for the next state */
    uint8_t extra;   /* extra bits of the value */
} seqent;

/* forward little-endian bit peek, zero beyond the end */
static uint32_t fwd_peek(const uint8_t *p, size_t n, size_t bitpos)
{
    size_t i = bitpos >> 3;
    uint32_t v = 0;
    unsigned k;
    for (k = 0; k < 4; k++)
        if (i + k < n)
            v |= (uint32_t)p[i + k] << (8 * k);
    return v >> (bitpos & 7);
}

/* Parse an FSE table description.  norm[] receives maxsym+1 entries. */
static int fse_header(const uint8_t *p, size_t n, int16_t *norm, unsigned maxsym,
                      unsigned maxlog, unsigned *nsym, unsigned *log, size_t *used)
{
    size_t bp = 4;
    int remaining;
    unsigned s = 0, al;
    if (n < 1)
        return -1;
    al = (p[0] & 15u) + 5;
    if (al > maxlog)
        return -1;
    remaining = 1 << al;
    while (remaining > 0) {
        unsigned nbits, mask, lowcount, v, val;
        int prob;
        if (s > maxsym)
            return -1;
        nbits = hibit((uint32_t)remaining + 1) + 1;
        mask = (1u << (nbits - 1)) - 1;
        lowcount = (1u << nbits) - (unsigned)remaining - 2;
        v = fwd_peek(p, n, bp) & ((1u << nbits) - 1);
        if ((v & mask) < lowcount) {
            val = v & mask;
            bp += nbits - 1;
        } else {
            val = v;
            if (val > mask)
                val -= lowcount;
            bp += nbits;
        }
        prob = (int)val - 1;
        norm[s++] = (int16_t)prob;
        remaining -= prob < 0 ? 1 : prob;
        if (remaining < 0)
            return -1;
        if (prob == 0) {
            for (;;) {
                unsigned r = fwd_peek(p, n, bp) & 3, k;
                bp += 2;
                for (k = 0; k < r; k++) {
                    if (s > maxsym)
                        return -1;
                    norm[s++] = 0;
                }
                if (r != 3)
                    break;
                if (bp > n * 8)
                    return -1;
            }
        }
        if (bp > n * 8)
            return -1;
    }
    *nsym = s;
    *log = al;
    *used = (bp + 7) >> 3;
    return 0;
}

/* Build a decoding table (symbol, bits, next-state baseline) of 1<<al cells. */
static int fse_build(const int16_t *norm, unsigned nsym, unsigned al,
                     uint8_t *sym, uint8_t *nb, uint16_t *nxt)
{
    unsigned ts = 1u << al, mask = ts - 1, step = (ts >> 1) + (ts >> 3) + 3;
    int high = (int)ts - 1;
    unsigned s, pos = 0, i;
    uint16_t cnt[64];
    if (nsym > 64)
        return -1;
    for (s = 0; s < nsym; s++) {
        if (norm[s] == -1) {
            if (high < 0)
                return -1;
            sym[high--] = (uint8_t)s;
            cnt[s] = 1;
        } else {
            cnt[s] = (uint16_t)norm[s];
        }
    }
    for (s = 0; s < nsym; s++) {
        int k;
        for (k = 0; k < norm[s]; k++) {
            if (high < 0)
                return -1;
            sym[pos] = (uint8_t)s;
            do
                pos = (pos + step) & mask;
            while ((int)pos > high);
        }
    }
    if (pos != 0)
        return -1;
    for (i = 0; i < ts; i++) {
        unsigned x = cnt[sym[i]]++;
        unsigned bits = al - hibit(x);
        nb[i] = (uint8_t)bits;
        nxt[i] = (uint16_t)((x << bits) - ts);
    }
    return 0;
}

/* ----------------------------------------------------- sequence code tables */

static const uint32_t ll_base[36] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
    8192, 16384, 32768, 65536};
static const uint8_t ll_bits[36] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
    13, 14, 15, 16};
static const uint32_t ml_base[53] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
    4099, 8195, 16387, 32771, 65539};
static const uint8_t ml_bits[53] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16};
static const int16_t ll_def[36] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1};
static const int16_t ml_def[53] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
    -1, -1, -1, -1, -1};
static const int16_t of_def[29] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

enum { K_LL = 0, K_OF = 1, K_ML = 2 };

static void code_value(int kind, unsigned code, uint32_t *base, uint8_t *extra)
{
    if (kind == K_LL) {
        *base = ll_base[code];
        *extra = ll_bits[code];
    } else if (kind == K_OF) {
        *base = (uint32_t)1 << code;
        *extra = (uint8_t)code;
    } else {
        *base = ml_base[code];
        *extra = ml_bits[code];
    }
}

/* ------------------------------------------------------------ decoder state */

typedef struct {
    uint16_t huf[1 << HUF_MAXBITS]; /* symbol | bits << 8 */
    unsigned huf_bits;              /* 0: no table yet in this frame */
    seqent ll[512], of[256], ml[512];
    unsigned ll_log, of_log, ml_log;
    int have_ll, have_of, have_ml;
    size_t rep[3];
    uint8_t lit[BLOCK_MAX + WILD];
} dctx;

static void dctx_frame_reset(dctx *d)
{
    d->huf_bits = 0;
    d->have_ll = d->have_of = d->have_ml = 0;
    d->rep[0] = 1;
    d->rep[1] = 4;
    d->rep[2] = 8;
}

/* Build a sequence decoding table for one of LL/OF/ML according to mode.
 * Returns bytes consumed from p, or -1. */
static long seq_table(dctx *d, int kind, unsigned mode, const uint8_t *p, size_t n)
{
    static const unsigned maxsym[3] = {35, 31, 52};
    static const unsigned maxlog[3] = {9, 8, 9};
    seqent *t = kind == K_LL ? d->ll : kind == K_OF ? d->of : d->ml;
    unsigned *logp = kind == K_LL ? &d->ll_log : kind == K_OF ? &d->of_log : &d->ml_log;
    int *have = kind == K_LL ? &d->have_ll : kind == K_OF ? &d->have_of : &d->have_ml;
    int16_t normbuf[64];
    const int16_t *norm;
    unsigned nsym, al, i;
    size_t used = 0;
    uint8_t sym[512], nb[512];
    uint16_t nxt[512];

    switch (mode) {
    case 0: /* predefined */
        if (kind == K_LL) { norm = ll_def; nsym = 36; al = 6; }
        else if (kind == K_OF) { norm = of_def; nsym = 29; al = 5; }
        else { norm = ml_def; nsym = 53; al = 6; }
        break;
    case 1: /* RLE */
        if (n < 1 || p[0] > maxsym[kind])
            return -1;
        code_value(kind, p[0], &t[0].base, &t[0].extra);
        t[0].next = 0;
        t[0].nb = 0;
        *logp = 0;
        *have = 1;
        return 1;
    case 2: /* FSE compressed */
        if (fse_header(p, n, normbuf, maxsym[kind], maxlog[kind], &nsym, &al, &used))
            return -1;
        if (used > n)
            return -1;
        norm = normbuf;
        break;
    default: /* repeat */
        if (!*have)
            return -1;
        return 0;
    }
    if (fse_build(norm, nsym, al, sym, nb, nxt))
        return -1;
    for (i = 0; i < (1u << al); i++) {
        code_value(kind, sym[i], &t[i].base, &t[i].extra);
        t[i].nb = nb[i];
        t[i].next = nxt[i];
    }
    *logp = al;
    *have = 1;
    return (long)used;
}

/* ------------------------------------------------------------------ Huffman */

static int huf_build(dctx *d, uint8_t *w, size_t nw)
{
    uint32_t sum = 0, rest, pos[HUF_MAXBITS + 2];
    unsigned maxbits, count[HUF_MAXBITS + 2], k;
    size_t i;
    for (k = 0; k < HUF_MAXBITS + 2; k++)
        count[k] = 0;
    for (i = 0; i < nw; i++) {
        if (w[i] > HUF_MAXBITS)
            return -1;
        if (w[i])
            sum += (uint32_t)1 << (w[i] - 1);
    }
    if (sum == 0)
        return -1;
    maxbits = hibit(sum) + 1;
    if (maxbits > HUF_MAXBITS)
        return -1;
    rest = ((uint32_t)1 << maxbits) - sum;
    if (rest & (rest - 1))
        return -1;
    w[nw++] = (uint8_t)(hibit(rest) + 1);
    for (i = 0; i < nw; i++)
        count[w[i]]++;
    pos[1] = 0;
    for (k = 1; k <= maxbits; k++)
        pos[k + 1] = pos[k] + (count[k] << (k - 1));
    for (i = 0; i < nw; i++) {
        unsigned wt = w[i];
        if (wt) {
            uint16_t e = (uint16_t)(i | ((maxbits + 1 - wt) << 8));
            uint32_t a = pos[wt], len = (uint32_t)1 << (wt - 1), j;
            for (j = 0; j < len; j++)
                d->huf[a + j] = e;
            pos[wt] = a + len;
        }
    }
    d->huf_bits = maxbits;
    return 0;
}

/* Huffman tree description; returns bytes consumed or -1. */
static long huf_tree(dctx *d, const uint8_t *p, size_t n)
{
    uint8_t w[256];
    size_t nw = 0, used;
    unsigned hb;
    if (n < 1)
        return -1;
    hb = p[0];
    if (hb >= 128) {
        size_t i;
        nw = hb - 127;
        used = 1 + (nw + 1) / 2;
        if (used > n)
            return -1;
        for (i = 0; i < nw; i++)
            w[i] = (uint8_t)((i & 1) ? (p[1 + i / 2] & 15) : (p[1 + i / 2] >> 4));
    } else {
        int16_t norm[16];
        unsigned nsym, al, s1, s2;
        size_t hl;
        uint8_t sym[64], nb[64];
        uint16_t nxt[64];
        bitrd b;
        used = 1 + hb;
        if (used > n)
            return -1;
        if (fse_header(p + 1, hb, norm, 15, 6, &nsym, &al, &hl) || hl >= hb)
            return -1;
        if (fse_build(norm, nsym, al, sym, nb, nxt))
            return -1;
        if (br_init(&b, p + 1 + hl, hb - hl))
            return -1;
        s1 = (unsigned)br_read(&b, al);
        s2 = (unsigned)br_read(&b, al);
        br_reload(&b);
        if (br_over(&b))
            return -1;
        for (;;) {
            if (nw >= 254)
                return -1;
            w[nw++] = sym[s1];
            s1 = nxt[s1] + (unsigned)br_read(&b, nb[s1]);
            br_reload(&b);
            if (br_over(&b)) {
                w[nw++] = sym[s2];
                break;
            }
            w[nw++] = sym[s2];
            s2 = nxt[s2] + (unsigned)br_read(&b, nb[s2]);
            br_reload(&b);
            if (br_over(&b)) {
                w[nw++] = sym[s1];
                break;
            }
        }
    }
    if (nw > 255 || huf_build(d, w, nw))
        return -1;
    return (long)used;
}

#define HUF_DEC(b, op)                                          \
    do {                                                        \
        uint16_t e_ = tab[(b).bits >> shift];                   \
        *(op)++ = (uint8_t)e_;                                  \
        (b).bits <<= (e_ >> 8);                                 \
        (b).used += (e_ >> 8);                                  \
    } while (0)

/* decode one stream of exactly cnt symbols */
static int huf_stream1(const dctx *d, const uint8_t *src, size_t n, uint8_t *op, size_t cnt)
{
    const uint16_t *tab = d->huf;
    unsigned shift = 64 - d->huf_bits;
    uint8_t *end = op + cnt;
    bitrd b;
    if (br_init(&b, src, n))
        return -1;
    while (end - op >= 4) {
        HUF_DEC(b, op);
        HUF_DEC(b, op);
        HUF_DEC(b, op);
        HUF_DEC(b, op);
        br_reload(&b);
    }
    while (op < end) {
        HUF_DEC(b, op);
        br_reload(&b);
    }
    return br_done(&b) ? 0 : -1;
}

static int huf_streams4(const dctx *d, const uint8_t *src, size_t n, uint8_t *dst, size_t cnt)
{
    const uint16_t *tab = d->huf;
    unsigned shift = 64 - d->huf_bits;
    size_t seg = (cnt + 3) / 4, s1, s2, s3, s4;
    uint8_t *o1, *o2, *o3, *o4;
    bitrd b1, b2, b3, b4;
    if (n < 6 || seg * 3 > cnt)
        return -1;
    s1 = sxe_le16(src);
    s2 = sxe_le16(src + 2);
    s3 = sxe_le16(src + 4);
    if (s1 + s2 + s3 > n - 6)
        return -1;
    s4 = n - 6 - s1 - s2 - s3;
    src += 6;
    if (br_init(&b1, src, s1) || br_init(&b2, src + s1, s2) ||
        br_init(&b3, src + s1 + s2, s3) || br_init(&b4, src + s1 + s2 + s3, s4))
        return -1;
    o1 = dst;
    o2 = o1 + seg;
    o3 = o2 + seg;
    o4 = o3 + seg;
    {
        /* the fourth segment is the shortest; run while it has room */
        uint8_t *e4 = dst + cnt;
        while (e4 - o4 >= 4) {
            HUF_DEC(b1, o1); HUF_DEC(b2, o2); HUF_DEC(b3, o3); HUF_DEC(b4, o4);
            HUF_DEC(b1, o1); HUF_DEC(b2, o2); HUF_DEC(b3, o3); HUF_DEC(b4, o4);
            HUF_DEC(b1, o1); HUF_DEC(b2, o2); HUF_DEC(b3, o3); HUF_DEC(b4, o4);
            HUF_DEC(b1, o1); HUF_DEC(b2, o2); HUF_DEC(b3, o3); HUF_DEC(b4, o4);
            br_reload(&b1);
            br_reload(&b2);
            br_reload(&b3);
            br_reload(&b4);
        }
        while (o1 < dst + seg) { HUF_DEC(b1, o1); br_reload(&b1); }
        while (o2 < dst + 2 * seg) { HUF_DEC(b2, o2); br_reload(&b2); }
        while (o3 < dst + 3 * seg) { HUF_DEC(b3, o3); br_reload(&b3); }
        while (o4 < e4) { HUF_DEC(b4, o4); br_reload(&b4); }
    }
    if (!br_done(&b1) || !br_done(&b2) || !br_done(&b3) || !br_done(&b4))
        return -1;
    return 0;
}

/* Literals section: fills d->lit; returns bytes consumed or -1. */
static long decode_literals(dctx *d, const uint8_t *src, size_t n, size_t blockmax, size_t *litlen)
{
    unsigned type, sf;
    size_t hl, rs, cs;
    if (n < 1)
        return -1;
    type = src[0] & 3;
    sf = (src[0] >> 2) & 3;
    if (type < 2) {
        if (sf == 1) {
            hl = 2;
        } else if (sf == 3) {
            hl = 3;
        } else {
            hl = 1;
        }
        if (n < hl)
            return -1;
        if (hl == 1)
            rs = src[0] >> 3;
        else if (hl == 2)
            rs = (src[0] >> 4) | ((size_t)src[1] << 4);
        else
            rs = (src[0] >> 4) | ((size_t)src[1] << 4) | ((size_t)src[2] << 12);
        if (rs > blockmax)
            return -1;
        *litlen = rs;
        if (type == 0) {
            if (rs > n - hl)
                return -1;
            memcpy(d->lit, src + hl, rs);
            return (long)(hl + rs);
        }
        if (n < hl + 1)
            return -1;
        memset(d->lit, src[hl], rs);
        return (long)(hl + 1);
    } else {
        unsigned bits = sf < 2 ? 10 : sf == 2 ? 14 : 18;
        uint64_t v = 0;
        size_t i, mask = ((size_t)1 << bits) - 1;
        const uint8_t *p;
        hl = sf < 2 ? 3 : sf == 2 ? 4 : 5;
        if (n < hl)
            return -1;
        for (i = hl; i-- > 0;)
            v = (v << 8) | src[i];
        rs = (size_t)(v >> 4) & mask;
        cs = (size_t)(v >> (4 + bits)) & mask;
        if (rs > blockmax || cs > n - hl)
            return -1;
        p = src + hl;
        if (type == 2) {
            long t = huf_tree(d, p, cs);
            if (t < 0)
                return -1;
            p += t;
            cs -= (size_t)t;
        } else if (!d->huf_bits) {
            return -1;
        }
        *litlen = rs;
        if (sf == 0) {
            if (huf_stream1(d, p, cs, d->lit, rs))
                return -1;
        } else {
            if (huf_streams4(d, p, cs, d->lit, rs))
                return -1;
        }
        return (long)((size_t)(p - src) + cs);
    }
}

/* ---------------------------------------------------------------- sequences */

typedef struct {
    uint8_t *prefix;          /* first byte of history contiguous with output */
    const uint8_t *ext_start; /* older history (ring buffer wrap), may be empty */
    const uint8_t *ext_end;
} hist;

static inline void copy16(uint8_t *d, const uint8_t *s) { memcpy(d, s, 16); }
static inline void copy8(uint8_t *d, const uint8_t *s) { memcpy(d, s, 8); }

#define SEQ_AHEAD 8
#define PREFETCH_WINDOW ((uint64_t)4 << 20) /* prefetch matches above this window */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* Execute one sequence: ll literals from *lpp, then ml bytes from off back. */
static inline int exec_seq(uint8_t **opp, const uint8_t **lpp, const uint8_t *lend,
                           const uint8_t *ostart, const uint8_t *cend, const uint8_t *wend,
                           const hist *h, size_t ext_len, size_t blockmax,
                           size_t ll, size_t ml, size_t off)
{
    uint8_t *op = *opp;
    const uint8_t *lp = *lpp;
    if (ll > (size_t)(lend - lp))
        return SXE_ZSTD_E_CORRUPT;
    if (ll + ml > (size_t)(cend - op))
        return (size_t)(op - ostart) + ll + ml > blockmax ? SXE_ZSTD_E_CORRUPT : SXE_ZSTD_E_DSTSIZE;
    if (off == 0)
        return SXE_ZSTD_E_CORRUPT;
    if ((size_t)(wend - op) >= ll + ml + WILD && off <= (size_t)(op - h->prefix) + ll) {
        uint8_t *m;
        size_t i;
        copy16(op, lp);
        for (i = 16; i < ll; i += 16)
            copy16(op + i, lp + i);
        op += ll;
        lp += ll;
        m = op - off;
        if (off >= 16) {
            copy16(op, m);
            for (i = 16; i < ml; i += 16)
                copy16(op + i, m + i);
        } else if (off >= 8) {
            copy8(op, m);
            for (i = 8; i < ml; i += 8)
                copy8(op + i, m + i);
        } else {
            /* expand the short period, then copy 8 at a time from a
             * distance that is a multiple of off and >= 8 */
            size_t dist = off * ((8 + off - 1) / off);
            for (i = 0; i < 8; i++)
                op[i] = m[i];
            for (; i < ml; i += 8)
                copy8(op + i, op + i - dist);
        }
        op += ml;
    } else {
        size_t avail, i;
        memcpy(op, lp, ll);
        op += ll;
        lp += ll;
        avail = (size_t)(op - h->prefix);
        if (off > avail) {
            size_t back = off - avail, n1;
            if (back > ext_len)
                return SXE_ZSTD_E_CORRUPT;
            n1 = back < ml ? back : ml;
            memcpy(op, h->ext_end - back, n1);
            op += n1;
            ml -= n1;
        }
        {
            const uint8_t *m = op - off; /* >= prefix: checked above */
            for (i = 0; i < ml; i++)
                op[i] = m[i];
        }
        op += ml;
    }
    *opp = op;
    *lpp = lp;
    return 0;
}

/* Decode a compressed block at op.  Its content may not exceed blockmax
 * bytes nor reach past dend; fast copies may write (not count) up to wend
 * (wend >= dend).  The produced size goes to *produced. */
static int decode_compressed(dctx *d, const uint8_t *src, size_t n, uint8_t *op,
                             uint8_t *dend, uint8_t *wend, const hist *h,
                             size_t blockmax, uint64_t window, size_t *produced)
{
    uint8_t *const ostart = op;
    uint8_t *cend = (size_t)(dend - op) > blockmax ? op + blockmax : dend;
    const uint8_t *lp, *lend;
    size_t litlen, nseq, ip;
    long r;
    unsigned b0, modes;
    size_t ext_len = (size_t)(h->ext_end - h->ext_start);

    r = decode_literals(d, src, n, blockmax, &litlen);
    if (r < 0)
        return SXE_ZSTD_E_CORRUPT;
    ip = (size_t)r;
    lp = d->lit;
    lend = d->lit + litlen;

    if (ip >= n)
        return SXE_ZSTD_E_CORRUPT;
    b0 = src[ip];
    if (b0 < 128) {
        nseq = b0;
        ip += 1;
    } else if (b0 < 255) {
        if (n - ip < 2)
            return SXE_ZSTD_E_CORRUPT;
        nseq = ((size_t)(b0 - 128) << 8) + src[ip + 1];
        ip += 2;
    } else {
        if (n - ip < 3)
            return SXE_ZSTD_E_CORRUPT;
        nseq = (size_t)src[ip + 1] + ((size_t)src[ip + 2] << 8) + 0x7F00;
        ip += 3;
    }
    if (nseq == 0) {
        if (ip != n)
            return SXE_ZSTD_E_CORRUPT;
    } else {
        bitrd b;
        unsigned lls, ofs, mls;
        size_t rep0 = d->rep[0], rep1 = d->rep[1], rep2 = d->rep[2];
        const seqent *llt = d->ll, *oft = d->of, *mlt = d->ml;
        if (ip >= n)
            return SXE_ZSTD_E_CORRUPT;
        modes = src[ip++];
        if (modes & 3)
            return SXE_ZSTD_E_CORRUPT;
        if ((r = seq_table(d, K_LL, modes >> 6, src + ip, n - ip)) < 0)
            return SXE_ZSTD_E_CORRUPT;
        ip += (size_t)r;
        if ((r = seq_table(d, K_OF, (modes >> 4) & 3, src + ip, n - ip)) < 0)
            return SXE_ZSTD_E_CORRUPT;
        ip += (size_t)r;
        if ((r = seq_table(d, K_ML, (modes >> 2) & 3, src + ip, n - ip)) < 0)
            return SXE_ZSTD_E_CORRUPT;
        ip += (size_t)r;
        if (br_init(&b, src + ip, n - ip))
            return SXE_ZSTD_E_CORRUPT;
        lls = (unsigned)br_read(&b, d->ll_log);
        ofs = (unsigned)br_read(&b, d->of_log);
        mls = (unsigned)br_read(&b, d->ml_log);
        br_reload(&b);

        /* Decode the next sequence into ll, ml, off (macro: keeps all the
         * decoder state in registers). */
#define DECODE_SEQ(ll, ml, off, last)                                          \
    do {                                                                        \
        const seqent *le = &llt[lls], *oe = &oft[ofs], *me = &mlt[mls];         \
        size_t offv = oe->base + (size_t)br_read(&b, oe->extra);               \
        ml = me->base + (size_t)br_read(&b, me->extra);                        \
        if (oe->extra + me->extra + le->extra > 31)                            \
            br_reload(&b);                                                     \
        ll = le->base + (size_t)br_read(&b, le->extra);                        \
        if (offv > 3) {                                                        \
            off = offv - 3;                                                    \
            rep2 = rep1;                                                       \
            rep1 = rep0;                                                       \
            rep0 = off;                                                        \
        } else {                                                               \
            unsigned idx_ = (unsigned)offv - 1 + (ll == 0);                    \
            if (idx_ == 0) {                                                   \
                off = rep0;                                                    \
            } else {                                                           \
                if (idx_ == 1) {                                               \
                    off = rep1;                                                \
                } else {                                                       \
                    off = idx_ == 2 ? rep2 : rep0 - 1;                         \
                    rep2 = rep1;                                               \
                }                                                              \
                rep1 = rep0;                                                   \
                rep0 = off;                                                    \
            }                                                                  \
        }                                                                      \
        if (!(last)) {                                                         \
            lls = le->next + (unsigned)br_read(&b, le->nb);                    \
            mls = me->next + (unsigned)br_read(&b, me->nb);                    \
            ofs = oe->next + (unsigned)br_read(&b, oe->nb);                    \
        }                                                                      \
        br_reload(&b);                                                         \
    } while (0)

        if (window <= PREFETCH_WINDOW) {
            /* small window: history stays in cache, decode and execute */
            size_t i;
            for (i = 0; i < nseq; i++) {
                size_t ll, ml, off;
                int e;
                DECODE_SEQ(ll, ml, off, i + 1 == nseq);
                e = exec_seq(&op, &lp, lend, ostart, cend, wend, h, ext_len, blockmax, ll, ml, off);
                if (e)
                    return e;
            }
        } else {
            /* Large window: sequences are decoded SEQ_AHEAD ahead of their
             * execution so that each match source can be prefetched
             * (long-distance matches otherwise stall on cache misses). */
            struct { size_t ll, ml, off; } q[SEQ_AHEAD];
            size_t total = nseq, ndec = 0, nexec = 0;
            size_t vpos = (size_t)(op - h->prefix), vmax = (size_t)(wend - h->prefix);
            while (ndec < total) {
                size_t ll, ml, off;
                DECODE_SEQ(ll, ml, off, ndec + 1 == total);
                q[ndec % SEQ_AHEAD].ll = ll;
                q[ndec % SEQ_AHEAD].ml = ml;
                q[ndec % SEQ_AHEAD].off = off;
                vpos += ll;
                if (off <= vpos && vpos <= vmax)
                    PREFETCH(h->prefix + (vpos - off));
                vpos += ml;
                ndec++;
                if (ndec < SEQ_AHEAD && ndec < total)
                    continue;
                do {
                    int e;
                    ll = q[nexec % SEQ_AHEAD].ll;
                    ml = q[nexec % SEQ_AHEAD].ml;
                    off = q[nexec % SEQ_AHEAD].off;
                    e = exec_seq(&op, &lp, lend, ostart, cend, wend, h, ext_len, blockmax,
                                 ll, ml, off);
                    if (e)
                        return e;
                    nexec++;
                } while (ndec == total && nexec < total);
            }
        }
#undef DECODE_SEQ
        if (!br_done(&b))
            return SXE_ZSTD_E_CORRUPT;
        d->rep[0] = rep0;
        d->rep[1] = rep1;
        d->rep[2] = rep2;
    }
    /* trailing literals */
    {
        size_t rest = (size_t)(lend - lp);
        if (rest > (size_t)(cend - op))
            return (size_t)(op - ostart) + rest > blockmax ? SXE_ZSTD_E_CORRUPT
                                                           : SXE_ZSTD_E_DSTSIZE;
        memcpy(op, lp, rest);
        op += rest;
    }
    *produced = (size_t)(op - ostart);
    return 0;
}

/* ------------------------------------------------------------- frame header */

typedef struct {
    uint64_t window;
    uint64_t fcs;
    int has_fcs;
    int checksum;
    size_t len; /* header length after the magic number */
} fhdr;

/* length of the frame header (after magic) given its descriptor byte */
static size_t fhdr_len(unsigned fhd)
{
    static const unsigned char did[4] = {0, 1, 2, 4};
    unsigned fcsf = fhd >> 6, single = (fhd >> 5) & 1;
    size_t fcs = fcsf == 0 ? single : (size_t)1 << fcsf;
    return 1 + (single ? 0 : 1) + did[fhd & 3] + fcs;
}

static int parse_fhdr(const uint8_t *p, size_t n, fhdr *h)
{
    unsigned fhd, fcsf, single, didf;
    size_t i = 1, k, fl;
    uint32_t dict = 0;
    if (n < 1)
        return SXE_ZSTD_E_TRUNCATED;
    fhd = p[0];
    h->len = fhdr_len(fhd);
    if (n < h->len)
        return SXE_ZSTD_E_TRUNCATED;
    if (fhd & 0x08)
        return SXE_ZSTD_E_HEADER;
    fcsf = fhd >> 6;
    single = (fhd >> 5) & 1;
    didf = fhd & 3;
    h->checksum = (fhd >> 2) & 1;
    if (!single) {
        unsigned e = p[1] >> 3, m = p[1] & 7;
        uint64_t base = (uint64_t)1 << (10 + e);
        h->window = base + (base >> 3) * m;
        i = 2;
    }
    if (didf) {
        size_t dl = didf == 3 ? 4 : didf;
        for (k = dl; k-- > 0;)
            dict = (dict << 8) | p[i + k];
        i += dl;
    }
    fl = fcsf == 0 ? single : (size_t)1 << fcsf;
    h->has_fcs = fl != 0;
    h->fcs = 0;
    for (k = fl; k-- > 0;)
        h->fcs = (h->fcs << 8) | p[i + k];
    if (fl == 2)
        h->fcs += 256;
    if (single)
        h->window = h->fcs;
    if (dict != 0)
        return SXE_ZSTD_E_DICT;
    return 0;
}

/* -------------------------------------------------------------- one-shot API */

int sxe_zstd_decode(const uint8_t *src, size_t srclen, uint8_t *dst, size_t dstcap, size_t *outlen)
{
    dctx *d;
    size_t ip = 0, op = 0;
    int err = 0;
    uint8_t dummy = 0;
    if (outlen)
        *outlen = 0;
    if ((!src && srclen) || (!dst && dstcap) || !outlen)
        return SXE_ZSTD_E_ARG;
    if (srclen == 0)
        return SXE_ZSTD_E_TRUNCATED;
    if (!dst)
        dst = &dummy; /* dstcap == 0: keeps pointer arithmetic defined */
    d = (dctx *)malloc(sizeof *d);
    if (!d)
        return SXE_ZSTD_E_NOMEM;
    while (ip < srclen && !err) {
        uint32_t magic;
        fhdr fh;
        size_t fstart = op, blockmax;
        sxe_xxh64_state xs;
        if (srclen - ip < 4) {
            err = SXE_ZSTD_E_TRUNCATED;
            break;
        }
        magic = sxe_le32(src + ip);
        if ((magic & 0xFFFFFFF0u) == MAGIC_SKIP) {
            uint32_t sz;
            if (srclen - ip < 8) {
                err = SXE_ZSTD_E_TRUNCATED;
                break;
            }
            sz = sxe_le32(src + ip + 4);
            if (sz > srclen - ip - 8) {
                err = SXE_ZSTD_E_TRUNCATED;
                break;
            }
            ip += 8 + (size_t)sz;
            continue;
        }
        if (magic != MAGIC_ZSTD) {
            err = SXE_ZSTD_E_MAGIC;
            break;
        }
        ip += 4;
        if ((err = parse_fhdr(src + ip, srclen - ip, &fh)) != 0)
            break;
        ip += fh.len;
        blockmax = fh.window < BLOCK_MAX ? (size_t)fh.window : BLOCK_MAX;
        dctx_frame_reset(d);
        sxe_xxh64_init(&xs, 0);
        for (;;) {
            uint32_t bh;
            size_t bsize, produced = 0;
            unsigned btype;
            if (srclen - ip < 3) {
                err = SXE_ZSTD_E_TRUNCATED;
                break;
            }
            bh = sxe_le24(src + ip);
            ip += 3;
            btype = (bh >> 1) & 3;
            bsize = bh >> 3;
            if (btype == 3 || bsize > blockmax) {
                err = SXE_ZSTD_E_CORRUPT;
                break;
            }
            if (btype == 1) {
                if (srclen - ip < 1) {
                    err = SXE_ZSTD_E_TRUNCATED;
                    break;
                }
                if (bsize > dstcap - op) {
                    err = SXE_ZSTD_E_DSTSIZE;
                    break;
                }
                memset(dst + op, src[ip], bsize);
                ip += 1;
                produced = bsize;
            } else {
                if (bsize > srclen - ip) {
                    err = SXE_ZSTD_E_TRUNCATED;
                    break;
                }
                if (btype == 0) {
                    if (bsize > dstcap - op) {
                        err = SXE_ZSTD_E_DSTSIZE;
                        break;
                    }
                    if (bsize)
                        memcpy(dst + op, src + ip, bsize);
                    produced = bsize;
                } else {
                    hist h;
                    h.prefix = dst + fstart;
                    h.ext_start = h.ext_end = dst;
                    err = decode_compressed(d, src + ip, bsize, dst + op, dst + dstcap,
                                            dst + dstcap, &h, blockmax, fh.window, &produced);
                    if (err)
                        break;
                }
                ip += bsize;
            }
            if (fh.checksum && produced)
                sxe_xxh64_update(&xs, dst + op, produced);
            op += produced;
            if (bh & 1)
                break;
        }
        if (err)
            break;
        if (fh.has_fcs && (uint64_t)(op - fstart) != fh.fcs) {
            err = SXE_ZSTD_E_SIZE;
            break;
        }
        if (fh.checksum) {
            if (srclen - ip < 4) {
                err = SXE_ZSTD_E_TRUNCATED;
                break;
            }
            if (sxe_le32(src + ip) != (uint32_t)sxe_xxh64_digest(&xs)) {
                err = SXE_ZSTD_E_CHECKSUM;
                break;
            }
            ip += 4;
        }
    }
    free(d);
    if (err)
        return err;
    *outlen = op;
    return 0;
}

int sxe_zstd_content_size(const uint8_t *src, size_t srclen, uint64_t *size)
{
    size_t ip = 0;
    uint64_t total = 0;
    int unknown = 0;
    if (!size || (!src && srclen))
        return SXE_ZSTD_E_ARG;
    if (srclen == 0)
        return SXE_ZSTD_E_TRUNCATED;
    while (ip < srclen) {
        uint32_t magic;
        fhdr fh;
        int err;
        if (srclen - ip < 8)
            return SXE_ZSTD_E_TRUNCATED;
        magic = sxe_le32(src + ip);
        if ((magic & 0xFFFFFFF0u) == MAGIC_SKIP) {
            uint32_t sz = sxe_le32(src + ip + 4);
            if (sz > srclen - ip - 8)
                return SXE_ZSTD_E_TRUNCATED;
            ip += 8 + (size_t)sz;
            continue;
        }
        if (magic != MAGIC_ZSTD)
            return SXE_ZSTD_E_MAGIC;
        ip += 4;
        if ((err = parse_fhdr(src + ip, srclen - ip, &fh)) != 0)
            return err;
        ip += fh.len;
        if (fh.has_fcs) {
            if (total + fh.fcs < total)
                return SXE_ZSTD_E_CORRUPT;
            total += fh.fcs;
        } else {
            unknown = 1;
        }
        for (;;) {
            uint32_t bh;
            size_t bsize;
            if (srclen - ip < 3)
                return SXE_ZSTD_E_TRUNCATED;
            bh = sxe_le24(src + ip);
            ip += 3;
            bsize = ((bh >> 1) & 3) == 1 ? 1 : bh >> 3;
            if (((bh >> 1) & 3) == 3)
                return SXE_ZSTD_E_CORRUPT;
            if (bsize > srclen - ip)
                return SXE_ZSTD_E_TRUNCATED;
            ip += bsize;
            if (bh & 1)
                break;
        }
        if (fh.checksum) {
            if (srclen - ip < 4)
                return SXE_ZSTD_E_TRUNCATED;
            ip += 4;
        }
    }
    if (unknown)
        return SXE_ZSTD_E_SIZE;
    *size = total;
    return 0;
}

/* ------------------------------------------------------------- streaming API */

enum { S_MAGIC, S_SKIPSIZE, S_SKIP, S_FHD, S_FHDR, S_BHDR, S_BLOCK, S_CHECK };

struct sxe_zstd_stream {
    dctx d;
    uint64_t max_window;
    int err;
    int state;
    int frames;          /* frames (incl. skippable) completed */
    uint8_t in[BLOCK_MAX + 16]; /* partial input item */
    size_t inlen;
    uint8_t fhd;
    uint64_t skip;
    fhdr fh;
    size_t blockmax;
    uint32_t bh;         /* current block header */
    uint8_t *ring;
    size_t ringcap;      /* usable size (allocation has +WILD) */
    size_t ringsize;     /* size in use for this frame */
    size_t pos, lap_end;
    uint64_t frame_out, total;
    sxe_xxh64_state xs;
};

sxe_zstd_stream *sxe_zstd_stream_new(uint64_t max_window)
{
    sxe_zstd_stream *s = (sxe_zstd_stream *)malloc(sizeof *s);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    s->ring = NULL;
    if (max_window == 0)
        max_window = SXE_ZSTD_DEFAULT_MAX_WINDOW;
    if (max_window > SXE_ZSTD_ABS_MAX_WINDOW)
        max_window = SXE_ZSTD_ABS_MAX_WINDOW;
    s->max_window = max_window;
    s->state = S_MAGIC;
    return s;
}

void sxe_zstd_stream_free(sxe_zstd_stream *s)
{
    if (!s)
        return;
    free(s->ring);
    free(s);
}

uint64_t sxe_zstd_stream_total(const sxe_zstd_stream *s)
{
    return s ? s->total : 0;
}

/* Gather 'need' bytes: returns a pointer to them (in the caller's buffer when
 * possible) or NULL if more input is needed (everything was buffered). */
static const uint8_t *take(sxe_zstd_stream *s, const uint8_t **src, size_t *len, size_t need)
{
    size_t k;
    if (s->inlen == 0 && *len >= need) {
        const uint8_t *p = *src;
        *src += need;
        *len -= need;
        return p;
    }
    k = need - s->inlen;
    if (k > *len)
        k = *len;
    memcpy(s->in + s->inlen, *src, k);
    s->inlen += k;
    *src += k;
    *len -= k;
    if (s->inlen < need)
        return NULL;
    s->inlen = 0;
    return s->in;
}

static int stream_frame_start(sxe_zstd_stream *s)
{
    uint64_t w = s->fh.window, mem;
    size_t need;
    if (w > s->max_window)
        return SXE_ZSTD_E_WINDOW;
    s->blockmax = w < BLOCK_MAX ? (size_t)w : BLOCK_MAX;
    mem = w;
    if (s->fh.has_fcs && s->fh.fcs < mem)
        mem = s->fh.fcs;
    need = (size_t)mem + 2 * s->blockmax + WILD;
    if (need > s->ringcap) {
        free(s->ring);
        s->ringcap = 0;
        s->ring = (uint8_t *)malloc(need + WILD);
        if (!s->ring)
            return SXE_ZSTD_E_NOMEM;
        s->ringcap = need;
    }
    s->ringsize = need;
    s->pos = 0;
    s->lap_end = 0;
    s->frame_out = 0;
    dctx_frame_reset(&s->d);
    sxe_xxh64_init(&s->xs, 0);
    return 0;
}

static int stream_block(sxe_zstd_stream *s, const uint8_t *p, sxe_zstd_write_fn write, void *user)
{
    unsigned btype = (s->bh >> 1) & 3;
    size_t bsize = s->bh >> 3, produced;
    uint8_t *o;
    if (s->pos + s->blockmax > s->ringsize) {
        s->lap_end = s->pos;
        s->pos = 0;
    }
    o = s->ring + s->pos;
    if (btype == 0) {
        if (bsize)
            memcpy(o, p, bsize);
        produced = bsize;
    } else if (btype == 1) {
        memset(o, p[0], bsize);
        produced = bsize;
    } else {
        hist h;
        size_t es = s->pos + s->blockmax + WILD;
        int err;
        h.prefix = s->ring;
        if (es < s->lap_end) {
            h.ext_start = s->ring + es;
            h.ext_end = s->ring + s->lap_end;
        } else {
            h.ext_start = h.ext_end = s->ring;
        }
        err = decode_compressed(&s->d, p, bsize, o, o + s->blockmax, o + s->blockmax + WILD,
                                &h, s->blockmax, s->fh.window, &produced);
        if (err)
            return err == SXE_ZSTD_E_DSTSIZE ? SXE_ZSTD_E_CORRUPT : err;
    }
    s->frame_out += produced;
    if (s->fh.has_fcs && s->frame_out > s->fh.fcs)
        return SXE_ZSTD_E_SIZE;
    if (produced) {
        if (s->fh.checksum)
            sxe_xxh64_update(&s->xs, o, produced);
        if (write && write(user, o, produced))
            return SXE_ZSTD_E_WRITE;
        s->total += produced;
    }
    s->pos += produced;
    return 0;
}

static int stream_frame_end(sxe_zstd_stream *s)
{
    if (s->fh.has_fcs && s->frame_out != s->fh.fcs)
        return SXE_ZSTD_E_SIZE;
    s->frames++;
    s->state = S_MAGIC;
    return 0;
}

int sxe_zstd_stream_feed(sxe_zstd_stream *s, const uint8_t *src, size_t len,
                         sxe_zstd_write_fn write, void *user)
{
    int err = 0;
    if (!s || (!src && len))
        return SXE_ZSTD_E_ARG;
    if (s->err)
        return s->err;
    for (;;) {
        const uint8_t *p;
        switch (s->state) {
        case S_MAGIC: {
            uint32_t magic;
            if (len == 0 && s->inlen == 0)
                return 0;
            if (!(p = take(s, &src, &len, 4)))
                return 0;
            magic = sxe_le32(p);
            if ((magic & 0xFFFFFFF0u) == MAGIC_SKIP) {
                s->state = S_SKIPSIZE;
            } else if (magic == MAGIC_ZSTD) {
                s->state = S_FHD;
            } else {
                err = SXE_ZSTD_E_MAGIC;
                goto fail;
            }
            break;
        }
        case S_SKIPSIZE:
            if (!(p = take(s, &src, &len, 4)))
                return 0;
            s->skip = sxe_le32(p);
            s->state = S_SKIP;
            break;
        case S_SKIP: {
            size_t k = s->skip < len ? (size_t)s->skip : len;
            src += k;
            len -= k;
            s->skip -= k;
            if (s->skip)
                return 0;
            s->frames++;
            s->state = S_MAGIC;
            break;
        }
        case S_FHD:
            if (!(p = take(s, &src, &len, 1)))
                return 0;
            s->fhd = p[0];
            s->state = S_FHDR;
            break;
        case S_FHDR: {
            uint8_t hb[16];
            size_t hl = fhdr_len(s->fhd);
            if (!(p = take(s, &src, &len, hl - 1)))
                return 0;
            hb[0] = s->fhd;
            memcpy(hb + 1, p, hl - 1);
            if ((err = parse_fhdr(hb, hl, &s->fh)) != 0)
                goto fail;
            if ((err = stream_frame_start(s)) != 0)
                goto fail;
            s->state = S_BHDR;
            break;
        }
        case S_BHDR: {
            unsigned bt;
            if (!(p = take(s, &src, &len, 3)))
                return 0;
            s->bh = sxe_le24(p);
            bt = (s->bh >> 1) & 3;
            if (bt == 3 || (s->bh >> 3) > s->blockmax) {
                err = SXE_ZSTD_E_CORRUPT;
                goto fail;
            }
            s->state = S_BLOCK;
            break;
        }
        case S_BLOCK: {
            unsigned bt = (s->bh >> 1) & 3;
            size_t need = bt == 1 ? 1 : s->bh >> 3;
            if (!(p = take(s, &src, &len, need)))
                return 0;
            if ((err = stream_block(s, p, write, user)) != 0)
                goto fail;
            if (s->bh & 1) {
                if (s->fh.checksum) {
                    s->state = S_CHECK;
                } else if ((err = stream_frame_end(s)) != 0) {
                    goto fail;
                }
            } else {
                s->state = S_BHDR;
            }
            break;
        }
        case S_CHECK:
            if (!(p = take(s, &src, &len, 4)))
                return 0;
            if (sxe_le32(p) != (uint32_t)sxe_xxh64_digest(&s->xs)) {
                err = SXE_ZSTD_E_CHECKSUM;
                goto fail;
            }
            if ((err = stream_frame_end(s)) != 0)
                goto fail;
            break;
        default:
            err = SXE_ZSTD_E_ARG;
            goto fail;
        }
    }
fail:
    s->err = err;
    return err;
}

int sxe_zstd_stream_finish(sxe_zstd_stream *s)
{
    if (!s)
        return SXE_ZSTD_E_ARG;
    if (s->err)
        return s->err;
    if (s->state != S_MAGIC || s->inlen != 0 || s->frames == 0) {
        s->err = SXE_ZSTD_E_TRUNCATED;
        return s->err;
    }
    return 0;
}
