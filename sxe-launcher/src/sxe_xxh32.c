/* XXH32, implemented from the published algorithm description:
 * four accumulators consume 16-byte stripes, then the remaining 4-byte words
 * and single bytes are mixed in, then a final avalanche. */
#include "sxe_xxh32.h"
#include "sxe_le.h"

#include <string.h>

#define K1 0x9E3779B1u
#define K2 0x85EBCA77u
#define K3 0xC2B2AE3Du
#define K4 0x27D4EB2Fu
#define K5 0x165667B1u

static uint32_t rol32(uint32_t v, unsigned n) { return (v << n) | (v >> (32u - n)); }

static uint32_t lane_step(uint32_t acc, uint32_t word)
{
    acc += word * K2;
    acc = rol32(acc, 13);
    return acc * K1;
}

/* Consume whole 16-byte stripes; returns number of bytes consumed. */
static size_t stripes(uint32_t a[4], const unsigned char *p, size_t len)
{
    uint32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    size_t done = 0;
    while (len - done >= 16) {
        const unsigned char *q = p + done;
        a0 = lane_step(a0, sxe_le32(q));
        a1 = lane_step(a1, sxe_le32(q + 4));
        a2 = lane_step(a2, sxe_le32(q + 8));
        a3 = lane_step(a3, sxe_le32(q + 12));
        done += 16;
    }
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3;
    return done;
}

static uint32_t tail_and_avalanche(uint32_t h, const unsigned char *p, size_t len)
{
    while (len >= 4) {
        h += sxe_le32(p) * K3;
        h = rol32(h, 17) * K4;
        p += 4;
        len -= 4;
    }
    while (len > 0) {
        h += (uint32_t)(*p) * K5;
        h = rol32(h, 11) * K1;
        p++;
        len--;
    }
    h ^= h >> 15;
    h *= K2;
    h ^= h >> 13;
    h *= K3;
    h ^= h >> 16;
    return h;
}

static void acc_init(uint32_t a[4], uint32_t seed)
{
    a[0] = seed + K1 + K2;
    a[1] = seed + K2;
    a[2] = seed;
    a[3] = seed - K1;
}

static uint32_t acc_merge(const uint32_t a[4])
{
    return rol32(a[0], 1) + rol32(a[1], 7) + rol32(a[2], 12) + rol32(a[3], 18);
}

uint32_t sxe_xxh32(const void *data, size_t len, uint32_t seed)
{
    const unsigned char *p = (const unsigned char *)data;
    uint32_t h;
    size_t used = 0;
    if (len >= 16) {
        uint32_t a[4];
        acc_init(a, seed);
        used = stripes(a, p, len);
        h = acc_merge(a);
    } else {
        h = seed + K5;
    }
    h += (uint32_t)len;
    return tail_and_avalanche(h, p + used, len - used);
}

void sxe_xxh32_init(sxe_xxh32_state *st, uint32_t seed)
{
    memset(st, 0, sizeof *st);
    st->seed = seed;
    acc_init(st->acc, seed);
}

void sxe_xxh32_update(sxe_xxh32_state *st, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len == 0)
        return;
    st->total += (uint32_t)len;
    if (st->pend_len + len < 16) {
        memcpy(st->pend + st->pend_len, p, len);
        st->pend_len += (unsigned)len;
        return;
    }
    st->big = 1;
    if (st->pend_len > 0) {
        size_t fill = 16 - st->pend_len;
        memcpy(st->pend + st->pend_len, p, fill);
        stripes(st->acc, st->pend, 16);
        p += fill;
        len -= fill;
        st->pend_len = 0;
    }
    {
        size_t used = stripes(st->acc, p, len);
        p += used;
        len -= used;
    }
    if (len > 0) {
        memcpy(st->pend, p, len);
        st->pend_len = (unsigned)len;
    }
}

uint32_t sxe_xxh32_digest(const sxe_xxh32_state *st)
{
    uint32_t h = st->big ? acc_merge(st->acc) : st->seed + K5;
    h += st->total;
    return tail_and_avalanche(h, st->pend, st->pend_len);
}
