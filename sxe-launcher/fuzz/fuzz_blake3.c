/* libFuzzer target for BLAKE3: the one-shot hash must equal the incremental
 * hash fed in pseudo-random pieces (seeded by the first input byte), and every
 * implementation (portable, sse2, avx2 where available) must agree. */
#include "sxe_blake3.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void split_hash(const uint8_t *data, size_t size, uint32_t seed, uint8_t out[32])
{
    sxe_blake3_hasher h;
    size_t off = 0;
    uint8_t again[32];
    sxe_blake3_init(&h);
    while (off < size) {
        size_t chunk;
        seed = seed * 1103515245u + 12345u;
        switch ((seed >> 10) % 4) {
        case 0: chunk = 1 + (seed >> 16) % 70u; break;
        case 1: chunk = 1 + (seed >> 16) % 2100u; break;
        case 2: chunk = 1024u * (1 + (seed >> 16) % 9u); break;
        default: chunk = size - off; break;
        }
        if (chunk > size - off)
            chunk = size - off;
        if ((seed >> 20) % 7 == 0)
            sxe_blake3_update(&h, data + off, 0);
        sxe_blake3_update(&h, data + off, chunk);
        off += chunk;
        if ((seed >> 24) % 13 == 0) {
            /* final() must not disturb the state */
            sxe_blake3_final(&h, again);
        }
    }
    sxe_blake3_final(&h, out);
    sxe_blake3_final(&h, again);
    if (memcmp(out, again, 32) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const impls[] = {"portable", "sse2", "avx2"};
    uint8_t ref[32], got[32];
    uint32_t seed = size ? data[0] : 0;
    size_t i;
    int have_ref = 0;
    for (i = 0; i < sizeof impls / sizeof impls[0]; i++) {
        if (sxe_blake3_select(impls[i]) != 0)
            continue;
        sxe_blake3(data, size, got);
        if (!have_ref) {
            memcpy(ref, got, 32);
            have_ref = 1;
        } else if (memcmp(ref, got, 32) != 0) {
            abort();
        }
        split_hash(data, size, seed, got);
        if (memcmp(ref, got, 32) != 0)
            abort();
    }
    sxe_blake3_select("auto");
    {
        char hex[65];
        sxe_blake3_hex(ref, hex);
        if (strlen(hex) != 64)
            abort();
    }
    return 0;
}
