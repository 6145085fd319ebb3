/* LZ4 frame + block decoder, written from the LZ4 Frame and Block format
 * descriptions. See sxe_lz4.h for the API. */
#include "sxe_lz4.h"
#include "sxe_le.h"
#include "sxe_xxh32.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC_FRAME     0x184D2204u
#define MAGIC_LEGACY    0x184C2102u
#define MAGIC_SKIP_LO   0x184D2A50u
#define MAGIC_SKIP_MASK 0xFFFFFFF0u
#define HISTORY         65536u
#define LEGACY_BLOCK    (8u << 20)
/* Largest compressed legacy block (worst-case expansion of 8 MiB); a larger
 * "block size" word is the magic number of the next frame. */
#define LEGACY_BOUND    (LEGACY_BLOCK + LEGACY_BLOCK / 255u + 16u)

/* flag bits of the FLG byte */
#define FLG_INDEP   0x20u
#define FLG_BCKSUM  0x10u
#define FLG_CSIZE   0x08u
#define FLG_CCKSUM  0x04u
#define FLG_RESV    0x02u
#define FLG_DICT    0x01u

const char *sxe_lz4_strerror(int code)
{
    switch (code) {
    case SXE_LZ4_OK: return "success";
    case SXE_LZ4_ETRUNCATED: return "truncated input";
    case SXE_LZ4_EMAGIC: return "not an LZ4 frame (bad magic number)";
    case SXE_LZ4_EVERSION: return "unsupported LZ4 frame version";
    case SXE_LZ4_ERESERVED: return "invalid frame descriptor (reserved bits or block size)";
    case SXE_LZ4_EHEADER_CKSUM: return "frame header checksum mismatch";
    case SXE_LZ4_EDICT: return "frame requires a dictionary (unsupported)";
    case SXE_LZ4_EBLOCK_SIZE: return "block larger than the frame's block maximum size";
    case SXE_LZ4_ECORRUPT: return "corrupt compressed block";
    case SXE_LZ4_EBLOCK_CKSUM: return "block checksum mismatch";
    case SXE_LZ4_ECONTENT_CKSUM: return "content checksum mismatch";
    case SXE_LZ4_ECONTENT_SIZE: return "decoded size differs from the frame's content size";
    case SXE_LZ4_EDST_SIZE: return "output buffer too small";
    case SXE_LZ4_ENOMEM: return "out of memory";
    case SXE_LZ4_ECALLBACK: return "output callback failed";
    case SXE_LZ4_EEMPTY: return "no LZ4 frame in input";
    case SXE_LZ4_EUSAGE: return "invalid use of the API";
    default: return "unknown LZ4 error";
    }
}

/* ---------------------------------------------------------------------------
 * Block decoder
 * ------------------------------------------------------------------------- */

#define BLK_CORRUPT  (-1)
#define BLK_OVERFLOW (-2)

static void cp8(uint8_t *d, const uint8_t *s) { memcpy(d, s, 8); }
static void cp16(uint8_t *d, const uint8_t *s) { memcpy(d, s, 16); }

/* Decode one LZ4 block ip[0..ilen) to op, never writing at or past oend.
 * Matches may reach back to base (start of valid history, base <= op).
 * Returns bytes produced, BLK_CORRUPT or BLK_OVERFLOW (output would pass oend). */
static ptrdiff_t lz4_block(const uint8_t *ip, size_t ilen, const uint8_t *base,
                           uint8_t *op, uint8_t *const oend)
{
    const uint8_t *const iend = ip + ilen;
    uint8_t *const ostart = op;

    for (;;) {
        size_t lit, ml, off;
        unsigned token;
        const uint8_t *match;

        if (ip >= iend)
            return BLK_CORRUPT;
        token = *ip++;
        lit = token >> 4;

        /* Common case: short literal run, room on both sides for over-copying. */
        if (lit < 15 && (size_t)(iend - ip) >= 18 && (size_t)(oend - op) >= 40) {
            cp16(op, ip);
            op += lit;
            ip += lit;
            off = (size_t)ip[0] | ((size_t)ip[1] << 8);
            ip += 2;
            ml = token & 15u;
            if (ml < 15 && off >= 8 && off <= (size_t)(op - base)) {
                match = op - off;
                cp8(op, match);
                cp8(op + 8, match + 8);
                cp8(op + 16, match + 16);
                op += ml + 4;
                continue;
            }
            goto have_offset;
        }

        if (lit == 15) {
            unsigned b;
            do {
                if (ip >= iend)
                    return BLK_CORRUPT;
                b = *ip++;
                lit += b;
            } while (b == 255);
        }
        if (lit > (size_t)(iend - ip))
            return BLK_CORRUPT;
        if (lit > (size_t)(oend - op))
            return BLK_OVERFLOW;
        if ((size_t)(iend - ip) - lit >= 16 && (size_t)(oend - op) - lit >= 16) {
            uint8_t *d = op, *e = op + lit;
            const uint8_t *s = ip;
            do {
                cp16(d, s);
                d += 16;
                s += 16;
            } while (d < e);
        } else if (lit > 0) {
            memcpy(op, ip, lit);
        }
        op += lit;
        ip += lit;
        if (ip == iend)
            return op - ostart; /* the last sequence has no match */
        if (iend - ip < 2)
            return BLK_CORRUPT;
        off = (size_t)ip[0] | ((size_t)ip[1] << 8);
        ip += 2;
        ml = token & 15u;

    have_offset:
        if (off == 0 || off > (size_t)(op - base))
            return BLK_CORRUPT;
        if (ml == 15) {
            unsigned b;
            do {
                if (ip >= iend)
                    return BLK_CORRUPT;
                b = *ip++;
                ml += b;
            } while (b == 255);
        }
        ml += 4;
        if (ml > (size_t)(oend - op))
            return BLK_OVERFLOW;
        match = op - off;
        if ((size_t)(oend - op) - ml >= 16) {
            uint8_t *const e = op + ml;
            if (off >= 16) {
                do {
                    cp16(op, match);
                    op += 16;
                    match += 16;
                } while (op < e);
            } else if (off >= 8) {
                do {
                    cp8(op, match);
                    op += 8;
                    match += 8;
                } while (op < e);
            } else {
                /* Period `off` < 8: write the first 8 bytes one by one, then
                 * copy 8-byte chunks from a distance that is the smallest
                 * multiple of the period that is >= 8 (same pattern, and each
                 * chunk's source is already written). */
                size_t d = off * ((8 + off - 1) / off);
                int i;
                for (i = 0; i < 8; i++)
                    op[i] = match[i];
                match = op + 8 - d;
                op += 8;
                while (op < e) {
                    cp8(op, match);
                    op += 8;
                    match += 8;
                }
            }
            op = e;
        } else {
            size_t i;
            for (i = 0; i < ml; i++)
                op[i] = match[i];
            op += ml;
        }
    }
}

/* ---------------------------------------------------------------------------
 * Frame descriptor
 * ------------------------------------------------------------------------- */

typedef struct {
    int indep, bcksum, has_csize, ccksum;
    size_t bmax;
    uint64_t csize;
} frame_info;

/* Descriptor length (FLG .. HC) implied by the FLG byte. */
static size_t desc_len(uint8_t flg)
{
    return 3u + ((flg & FLG_CSIZE) ? 8u : 0u) + ((flg & FLG_DICT) ? 4u : 0u);
}

/* d points at FLG; len == desc_len(d[0]). */
static int parse_desc(const uint8_t *d, size_t len, frame_info *fi)
{
    uint8_t flg = d[0], bd = d[1];
    unsigned code;
    if ((flg >> 6) != 1)
        return SXE_LZ4_EVERSION;
    if ((flg & FLG_RESV) || (bd & 0x8F))
        return SXE_LZ4_ERESERVED;
    code = (bd >> 4) & 7u;
    if (code < 4)
        return SXE_LZ4_ERESERVED;
    if (((sxe_xxh32(d, len - 1, 0) >> 8) & 0xFFu) != d[len - 1])
        return SXE_LZ4_EHEADER_CKSUM;
    if (flg & FLG_DICT)
        return SXE_LZ4_EDICT;
    fi->indep = (flg & FLG_INDEP) != 0;
    fi->bcksum = (flg & FLG_BCKSUM) != 0;
    fi->has_csize = (flg & FLG_CSIZE) != 0;
    fi->ccksum = (flg & FLG_CCKSUM) != 0;
    fi->bmax = (size_t)1 << (8 + 2 * code);
    fi->csize = 0;
    if (fi->has_csize)
        fi->csize = (uint64_t)sxe_le32(d + 2) | ((uint64_t)sxe_le32(d + 6) << 32);
    return 0;
}

static int is_skippable(uint32_t m) { return (m & MAGIC_SKIP_MASK) == MAGIC_SKIP_LO; }

/* ---------------------------------------------------------------------------
 * One-shot API
 * ------------------------------------------------------------------------- */

int sxe_lz4_decompress(const void *src, size_t src_len, void *dst, size_t dst_cap, size_t *dst_len)
{
    const uint8_t *ip = (const uint8_t *)src;
    const uint8_t *const iend = ip + src_len;
    uint8_t *const ostart = (uint8_t *)dst;
    uint8_t *op = ostart;
    uint8_t *const oend = ostart + dst_cap;
    int frames = 0;

    if (dst_len)
        *dst_len = 0;
    if ((src == NULL && src_len) || (dst == NULL && dst_cap))
        return SXE_LZ4_EUSAGE;
    if (src_len == 0)
        return SXE_LZ4_EEMPTY;

    while (ip < iend) {
        uint32_t magic;
        if (iend - ip < 4)
            return SXE_LZ4_ETRUNCATED;
        magic = sxe_le32(ip);
        ip += 4;
        if (magic == MAGIC_FRAME) {
            frame_info fi;
            size_t dl;
            int rc;
            uint8_t *fstart = op;
            sxe_xxh32_state xs;
            if (iend - ip < 2)
                return SXE_LZ4_ETRUNCATED;
            dl = desc_len(ip[0]);
            if ((size_t)(iend - ip) < dl)
                return SXE_LZ4_ETRUNCATED;
            rc = parse_desc(ip, dl, &fi);
            if (rc)
                return rc;
            ip += dl;
            if (fi.has_csize && fi.csize > (uint64_t)(oend - op))
                return SXE_LZ4_EDST_SIZE;
            if (fi.ccksum)
                sxe_xxh32_init(&xs, 0);
            for (;;) {
                uint32_t bs;
                size_t need, produced, room;
                int raw;
                if (iend - ip < 4)
                    return SXE_LZ4_ETRUNCATED;
                bs = sxe_le32(ip);
                ip += 4;
                if (bs == 0)
                    break;
                raw = (bs & 0x80000000u) != 0;
                bs &= 0x7FFFFFFFu;
                if (bs > fi.bmax)
                    return SXE_LZ4_EBLOCK_SIZE;
                need = (size_t)bs + (fi.bcksum ? 4u : 0u);
                if ((size_t)(iend - ip) < need)
                    return SXE_LZ4_ETRUNCATED;
                if (fi.bcksum && sxe_xxh32(ip, bs, 0) != sxe_le32(ip + bs))
                    return SXE_LZ4_EBLOCK_CKSUM;
                room = (size_t)(oend - op);
                if (raw) {
                    if (bs > room)
                        return SXE_LZ4_EDST_SIZE;
                    if (bs)
                        memcpy(op, ip, bs);
                    produced = bs;
                } else {
                    size_t lim = room < fi.bmax ? room : fi.bmax;
                    ptrdiff_t r = lz4_block(ip, bs, fi.indep ? op : fstart, op, op + lim);
                    if (r == BLK_OVERFLOW)
                        return lim < fi.bmax ? SXE_LZ4_EDST_SIZE : SXE_LZ4_ECORRUPT;
                    if (r < 0)
                        return SXE_LZ4_ECORRUPT;
                    produced = (size_t)r;
                }
                if (fi.ccksum)
                    sxe_xxh32_update(&xs, op, produced);
                op += produced;
                ip += need;
                if (fi.has_csize && (uint64_t)(op - fstart) > fi.csize)
                    return SXE_LZ4_ECONTENT_SIZE;
            }
            if (fi.ccksum) {
                if (iend - ip < 4)
                    return SXE_LZ4_ETRUNCATED;
                if (sxe_xxh32_digest(&xs) != sxe_le32(ip))
                    return SXE_LZ4_ECONTENT_CKSUM;
                ip += 4;
            }
            if (fi.has_csize && (uint64_t)(op - fstart) != fi.csize)
                return SXE_LZ4_ECONTENT_SIZE;
        } else if (is_skippable(magic)) {
            uint32_t sz;
            if (iend - ip < 4)
                return SXE_LZ4_ETRUNCATED;
            sz = sxe_le32(ip);
            ip += 4;
            if ((size_t)(iend - ip) < sz)
                return SXE_LZ4_ETRUNCATED;
            ip += sz;
        } else if (magic == MAGIC_LEGACY) {
            for (;;) {
                uint32_t bs;
                ptrdiff_t r;
                size_t room, lim;
                if (ip == iend)
                    break;
                if (iend - ip < 4)
                    return SXE_LZ4_ETRUNCATED;
                bs = sxe_le32(ip);
                if (bs > LEGACY_BOUND)
                    break; /* next frame's magic number */
                ip += 4;
                if (bs == 0)
                    return SXE_LZ4_ECORRUPT;
                if ((size_t)(iend - ip) < bs)
                    return SXE_LZ4_ETRUNCATED;
                room = (size_t)(oend - op);
                lim = room < LEGACY_BLOCK ? room : LEGACY_BLOCK;
                r = lz4_block(ip, bs, op, op, op + lim);
                if (r == BLK_OVERFLOW)
                    return lim < LEGACY_BLOCK ? SXE_LZ4_EDST_SIZE : SXE_LZ4_ECORRUPT;
                if (r < 0)
                    return SXE_LZ4_ECORRUPT;
                op += r;
                ip += bs;
            }
        } else {
            return SXE_LZ4_EMAGIC;
        }
        frames++;
    }
    (void)frames;
    if (dst_len)
        *dst_len = (size_t)(op - ostart);
    return SXE_LZ4_OK;
}

/* ---------------------------------------------------------------------------
 * Streaming API
 * ------------------------------------------------------------------------- */

enum {
    S_MAGIC,    /* gathering a 4-byte magic number */
    S_DESC,     /* gathering the frame descriptor */
    S_BHDR,     /* gathering a block size word */
    S_BDATA,    /* gathering block data (+ block checksum) */
    S_CCKSUM,   /* gathering the content checksum */
    S_SKIPSIZE, /* gathering a skippable frame's size */
    S_SKIP,     /* skipping skippable frame data */
    S_LHDR,     /* legacy: gathering a block size word */
    S_LDATA     /* legacy: gathering block data */
};

struct sxe_lz4_stream {
    sxe_lz4_write_fn write;
    void *opaque;
    int err;
    int state;
    int frames;
    int legacy;
    uint8_t hdr[20];
    size_t hdr_len, hdr_need;
    frame_info fi;
    sxe_xxh32_state xs;
    uint64_t frame_out, total_out;
    uint32_t blk_size;
    int blk_raw;
    size_t blk_need;
    uint8_t *stage;
    size_t stage_cap, stage_len;
    uint8_t *win;
    size_t win_cap, wpos;
    uint32_t skip_left;
};

sxe_lz4_stream *sxe_lz4_stream_new(sxe_lz4_write_fn write, void *opaque)
{
    sxe_lz4_stream *s;
    if (!write)
        return NULL;
    s = (sxe_lz4_stream *)calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->write = write;
    s->opaque = opaque;
    s->state = S_MAGIC;
    s->hdr_need = 4;
    return s;
}

void sxe_lz4_stream_free(sxe_lz4_stream *s)
{
    if (!s)
        return;
    free(s->stage);
    free(s->win);
    free(s);
}

static void expect(sxe_lz4_stream *s, int state, size_t need);

void sxe_lz4_stream_reset(sxe_lz4_stream *s)
{
    if (!s)
        return;
    s->err = 0;
    s->frames = 0;
    s->legacy = 0;
    s->frame_out = 0;
    s->total_out = 0;
    s->stage_len = 0;
    s->skip_left = 0;
    s->wpos = 0;
    memset(&s->fi, 0, sizeof s->fi);
    expect(s, S_MAGIC, 4);
}

uint64_t sxe_lz4_stream_total_out(const sxe_lz4_stream *s) { return s ? s->total_out : 0; }

/* Copy up to hdr_need bytes into hdr; returns 1 once complete. */
static int gather(sxe_lz4_stream *s, const uint8_t **p, size_t *len)
{
    size_t take = s->hdr_need - s->hdr_len;
    if (take > *len)
        take = *len;
    memcpy(s->hdr + s->hdr_len, *p, take);
    s->hdr_len += take;
    *p += take;
    *len -= take;
    return s->hdr_len == s->hdr_need;
}

static void expect(sxe_lz4_stream *s, int state, size_t need)
{
    s->state = state;
    s->hdr_len = 0;
    s->hdr_need = need;
}

/* Make sure the window holds 64 KiB history + bmax. */
static int ensure_window(sxe_lz4_stream *s, size_t bmax)
{
    size_t want = HISTORY + bmax;
    if (s->win_cap < want) {
        free(s->win);
        s->win = (uint8_t *)malloc(want);
        s->win_cap = s->win ? want : 0;
        if (!s->win)
            return SXE_LZ4_ENOMEM;
    }
    s->wpos = 0;
    return 0;
}

static int dispatch_magic(sxe_lz4_stream *s, uint32_t magic)
{
    if (magic == MAGIC_FRAME) {
        expect(s, S_DESC, 2);
    } else if (is_skippable(magic)) {
        expect(s, S_SKIPSIZE, 4);
    } else if (magic == MAGIC_LEGACY) {
        int rc = ensure_window(s, LEGACY_BLOCK);
        if (rc)
            return rc;
        s->legacy = 1;
        s->frames++;
        expect(s, S_LHDR, 4);
    } else {
        return SXE_LZ4_EMAGIC;
    }
    return 0;
}

/* Decode one complete block (data holds blk_need bytes). */
static int stream_block(sxe_lz4_stream *s, const uint8_t *data)
{
    size_t bmax = s->legacy ? LEGACY_BLOCK : s->fi.bmax;
    size_t produced;
    uint8_t *dst;
    if (!s->legacy && s->fi.bcksum && sxe_xxh32(data, s->blk_size, 0) != sxe_le32(data + s->blk_size))
        return SXE_LZ4_EBLOCK_CKSUM;
    if (s->legacy || s->fi.indep) {
        s->wpos = 0;
    } else if (s->wpos + bmax > s->win_cap) {
        /* keep the last 64 KiB as history for linked blocks */
        memmove(s->win, s->win + s->wpos - HISTORY, HISTORY);
        s->wpos = HISTORY;
    }
    dst = s->win + s->wpos;
    if (s->blk_raw) {
        if (s->blk_size)
            memcpy(dst, data, s->blk_size);
        produced = s->blk_size;
    } else {
        ptrdiff_t r = lz4_block(data, s->blk_size, s->win, dst, dst + bmax);
        if (r < 0)
            return SXE_LZ4_ECORRUPT;
        produced = (size_t)r;
    }
    s->wpos += produced;
    s->frame_out += produced;
    s->total_out += produced;
    if (!s->legacy) {
        if (s->fi.ccksum)
            sxe_xxh32_update(&s->xs, dst, produced);
        if (s->fi.has_csize && s->frame_out > s->fi.csize)
            return SXE_LZ4_ECONTENT_SIZE;
    }
    if (produced && s->write(s->opaque, dst, produced) != 0)
        return SXE_LZ4_ECALLBACK;
    return 0;
}

static int end_frame(sxe_lz4_stream *s)
{
    if (s->fi.has_csize && s->frame_out != s->fi.csize)
        return SXE_LZ4_ECONTENT_SIZE;
    s->frames++;
    expect(s, S_MAGIC, 4);
    return 0;
}

static int stream_step(sxe_lz4_stream *s, const uint8_t *p, size_t len)
{
    int rc;
    while (len > 0) {
        switch (s->state) {
        case S_MAGIC:
            if (!gather(s, &p, &len))
                return 0;
            rc = dispatch_magic(s, sxe_le32(s->hdr));
            if (rc)
                return rc;
            break;
        case S_DESC:
            if (!gather(s, &p, &len))
                return 0;
            if (s->hdr_need == 2) {
                s->hdr_need = desc_len(s->hdr[0]);
                break;
            }
            rc = parse_desc(s->hdr, s->hdr_len, &s->fi);
            if (rc)
                return rc;
            rc = ensure_window(s, s->fi.bmax);
            if (rc)
                return rc;
            s->legacy = 0;
            s->frame_out = 0;
            if (s->fi.ccksum)
                sxe_xxh32_init(&s->xs, 0);
            expect(s, S_BHDR, 4);
            break;
        case S_BHDR: {
            uint32_t bs;
            if (!gather(s, &p, &len))
                return 0;
            bs = sxe_le32(s->hdr);
            if (bs == 0) {
                if (s->fi.ccksum) {
                    expect(s, S_CCKSUM, 4);
                } else {
                    rc = end_frame(s);
                    if (rc)
                        return rc;
                }
                break;
            }
            s->blk_raw = (bs & 0x80000000u) != 0;
            s->blk_size = bs & 0x7FFFFFFFu;
            if (s->blk_size > s->fi.bmax)
                return SXE_LZ4_EBLOCK_SIZE;
            s->blk_need = (size_t)s->blk_size + (s->fi.bcksum ? 4u : 0u);
            s->stage_len = 0;
            s->state = S_BDATA;
            break;
        }
        case S_LHDR: {
            uint32_t bs;
            if (!gather(s, &p, &len))
                return 0;
            bs = sxe_le32(s->hdr);
            if (bs > LEGACY_BOUND) {
                /* end of the legacy frame: this word is the next magic */
                s->legacy = 0;
                rc = dispatch_magic(s, bs);
                if (rc)
                    return rc;
                break;
            }
            if (bs == 0)
                return SXE_LZ4_ECORRUPT;
            s->blk_raw = 0;
            s->blk_size = bs;
            s->blk_need = bs;
            s->stage_len = 0;
            s->state = S_LDATA;
            break;
        }
        case S_BDATA:
        case S_LDATA: {
            const uint8_t *blk;
            if (s->stage_len == 0 && len >= s->blk_need) {
                blk = p; /* whole block available: decode in place */
                p += s->blk_need;
                len -= s->blk_need;
            } else {
                size_t take = s->blk_need - s->stage_len;
                if (s->stage_cap < s->blk_need) {
                    size_t cap = s->legacy ? LEGACY_BOUND : s->fi.bmax + 4u;
                    free(s->stage);
                    s->stage = (uint8_t *)malloc(cap);
                    s->stage_cap = s->stage ? cap : 0;
                    if (!s->stage)
                        return SXE_LZ4_ENOMEM;
                }
                if (take > len)
                    take = len;
                memcpy(s->stage + s->stage_len, p, take);
                s->stage_len += take;
                p += take;
                len -= take;
                if (s->stage_len < s->blk_need)
                    return 0;
                blk = s->stage;
            }
            rc = stream_block(s, blk);
            if (rc)
                return rc;
            s->stage_len = 0;
            expect(s, s->state == S_LDATA ? S_LHDR : S_BHDR, 4);
            break;
        }
        case S_CCKSUM:
            if (!gather(s, &p, &len))
                return 0;
            if (sxe_xxh32_digest(&s->xs) != sxe_le32(s->hdr))
                return SXE_LZ4_ECONTENT_CKSUM;
            rc = end_frame(s);
            if (rc)
                return rc;
            break;
        case S_SKIPSIZE:
            if (!gather(s, &p, &len))
                return 0;
            s->skip_left = sxe_le32(s->hdr);
            s->state = S_SKIP;
            if (s->skip_left == 0) {
                s->frames++;
                expect(s, S_MAGIC, 4);
            }
            break;
        case S_SKIP: {
            size_t take = s->skip_left < len ? s->skip_left : len;
            s->skip_left -= (uint32_t)take;
            p += take;
            len -= take;
            if (s->skip_left == 0) {
                s->frames++;
                expect(s, S_MAGIC, 4);
            }
            break;
        }
        default:
            return SXE_LZ4_EUSAGE;
        }
    }
    return 0;
}

int sxe_lz4_stream_feed(sxe_lz4_stream *s, const void *data, size_t len)
{
    if (!s)
        return SXE_LZ4_EUSAGE;
    if (s->err)
        return s->err;
    if (len == 0)
        return 0;
    if (!data)
        return s->err = SXE_LZ4_EUSAGE;
    s->err = stream_step(s, (const uint8_t *)data, len);
    return s->err;
}

int sxe_lz4_stream_finish(sxe_lz4_stream *s)
{
    if (!s)
        return SXE_LZ4_EUSAGE;
    if (s->err)
        return s->err;
    if (s->state == S_MAGIC && s->hdr_len == 0)
        s->err = s->frames ? 0 : SXE_LZ4_EEMPTY;
    else if (s->state == S_LHDR && s->hdr_len == 0)
        s->err = 0; /* a legacy frame ends at end of input */
    else
        s->err = SXE_LZ4_ETRUNCATED;
    return s->err;
}
