/* XXH32 (xxHash, 32-bit variant) as used by the LZ4 frame format for header,
 * block and content checksums. Written from the algorithm description. */
#ifndef SXE_XXH32_H
#define SXE_XXH32_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t acc[4];     /* the four stripe accumulators */
    uint32_t total;      /* total length mod 2^32 */
    int big;             /* at least 16 bytes seen in total */
    uint32_t seed;
    unsigned char pend[16];
    unsigned pend_len;
} sxe_xxh32_state;

uint32_t sxe_xxh32(const void *data, size_t len, uint32_t seed);
void sxe_xxh32_init(sxe_xxh32_state *st, uint32_t seed);
void sxe_xxh32_update(sxe_xxh32_state *st, const void *data, size_t len);
uint32_t sxe_xxh32_digest(const sxe_xxh32_state *st);

#endif
