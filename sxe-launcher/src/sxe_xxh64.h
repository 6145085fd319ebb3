/* sxe_xxh64.h - XXH64 (seed-able 64-bit hash), written from the XXH64
 * algorithm description; used for the Zstandard content checksum. */
#ifndef SXE_XXH64_H
#define SXE_XXH64_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t v[4];      /* lane accumulators */
    uint64_t total;     /* bytes hashed so far */
    uint8_t buf[32];    /* partial stripe */
    unsigned buflen;
    uint64_t seed;
} sxe_xxh64_state;

void sxe_xxh64_init(sxe_xxh64_state *st, uint64_t seed);
void sxe_xxh64_update(sxe_xxh64_state *st, const void *data, size_t len);
uint64_t sxe_xxh64_digest(const sxe_xxh64_state *st);
uint64_t sxe_xxh64(const void *data, size_t len, uint64_t seed);

#endif
