/* sxe_xxh64.c - XXH64, implemented from the published algorithm description
 * (stripes of 32 bytes over four lanes, merge, tail, avalanche). */
#include "sxe_xxh64.h"
#include "sxe_le.h"

#include <string.h>

#define K1 0x9E3779B185EBCA87ULL
#define K2 0xC2B2AE3D27D4EB4FULL
#define K3 0x165667B19E3779F9ULL
#define K4 0x85EBCA77C2B2AE63ULL
#define K5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t lane_round(uint64_t acc, uint64_t lane)
{
    acc += lane * K2;
    acc = rotl64(acc, 31);
    return acc * K1;
}

static inline void stripe(uint64_t *v, const uint8_t *p)
{
    v[0] = lane_round(v[0], sxe_le64(p));
    v[1] = lane_round(v[1], sxe_le64(p + 8));
    v[2] = lane_round(v[2], sxe_le64(p + 16));
    v[3] = lane_round(v[3], sxe_le64(p + 24));
}

void sxe_xxh64_init(sxe_xxh64_state *st, uint64_t seed)
{
    st->seed = seed;
    st->v[0] = seed + K1 + K2;
    st->v[1] = seed + K2;
    st->v[2] = seed;
    st->v[3] = seed - K1;
    st->total = 0;
    st->buflen = 0;
}

void sxe_xxh64_update(sxe_xxh64_state *st, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    st->total += len;
    if (st->buflen) {
        size_t take = 32 - st->buflen;
        if (take > len)
            take = len;
        memcpy(st->buf + st->buflen, p, take);
        st->buflen += (unsigned)take;
        p += take;
        len -= take;
        if (st->buflen < 32)
            return;
        stripe(st->v, st->buf);
        st->buflen = 0;
    }
    if (len >= 32) {
        uint64_t v[4];
        v[0] = st->v[0]; v[1] = st->v[1]; v[2] = st->v[2]; v[3] = st->v[3];
        do {
            v[0] = lane_round(v[0], sxe_le64(p));
            v[1] = lane_round(v[1], sxe_le64(p + 8));
            v[2] = lane_round(v[2], sxe_le64(p + 16));
            v[3] = lane_round(v[3], sxe_le64(p + 24));
            p += 32;
            len -= 32;
        } while (len >= 32);
        st->v[0] = v[0]; st->v[1] = v[1]; st->v[2] = v[2]; st->v[3] = v[3];
    }
    if (len) {
        memcpy(st->buf, p, len);
        st->buflen = (unsigned)len;
    }
}

uint64_t sxe_xxh64_digest(const sxe_xxh64_state *st)
{
    uint64_t h;
    const uint8_t *p = st->buf;
    unsigned n = st->buflen;
    if (st->total >= 32) {
        unsigned i;
        h = rotl64(st->v[0], 1) + rotl64(st->v[1], 7) + rotl64(st->v[2], 12) + rotl64(st->v[3], 18);
        for (i = 0; i < 4; i++) {
            h ^= lane_round(0, st->v[i]);
            h = h * K1 + K4;
        }
    } else {
        h = st->seed + K5;
    }
    h += st->total;
    while (n >= 8) {
        h ^= lane_round(0, sxe_le64(p));
        h = rotl64(h, 27) * K1 + K4;
        p += 8;
        n -= 8;
    }
    if (n >= 4) {
        h ^= (uint64_t)sxe_le32(p) * K1;
        h = rotl64(h, 23) * K2 + K3;
        p += 4;
        n -= 4;
    }
    while (n) {
        h ^= (uint64_t)(*p) * K5;
        h = rotl64(h, 11) * K1;
        p++;
        n--;
    }
    h ^= h >> 33;
    h *= K2;
    h ^= h >> 29;
    h *= K3;
    h ^= h >> 32;
    return h;
}

uint64_t sxe_xxh64(const void *data, size_t len, uint64_t seed)
{
    sxe_xxh64_state st;
    sxe_xxh64_init(&st, seed);
    sxe_xxh64_update(&st, data, len);
    return sxe_xxh64_digest(&st);
}
