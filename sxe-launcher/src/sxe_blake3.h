/* BLAKE3 hashing (unkeyed, 256-bit output), written from the BLAKE3
 * specification. Incremental API; any input length. */
#ifndef SXE_BLAKE3_H
#define SXE_BLAKE3_H

#include <stddef.h>
#include <stdint.h>

#define SXE_BLAKE3_OUT_LEN 32

typedef struct {
    uint32_t cv[8];          /* chaining value of the chunk in progress */
    uint64_t chunk_counter;  /* index of the chunk in progress */
    uint8_t buf[64];         /* pending (not yet compressed) block bytes */
    uint8_t buf_len;
    uint8_t blocks_done;     /* blocks of the current chunk already compressed */
    uint8_t stack_len;
    uint8_t stack[54][32];   /* chaining values of completed left subtrees */
} sxe_blake3_hasher;

void sxe_blake3_init(sxe_blake3_hasher *h);
void sxe_blake3_update(sxe_blake3_hasher *h, const void *data, size_t len);
/* Does not modify the hasher: more updates may follow. */
void sxe_blake3_final(const sxe_blake3_hasher *h, uint8_t out[SXE_BLAKE3_OUT_LEN]);

/* One-shot convenience. */
void sxe_blake3(const void *data, size_t len, uint8_t out[SXE_BLAKE3_OUT_LEN]);

/* Lower-case hex of a digest; hex receives 64 characters and a NUL. */
void sxe_blake3_hex(const uint8_t digest[SXE_BLAKE3_OUT_LEN], char hex[2 * SXE_BLAKE3_OUT_LEN + 1]);

/* Implementation selection (mainly for tests): "auto", "portable", "sse2",
 * "avx2". Returns 0 on success, -1 if unknown or unsupported on this CPU.
 * Not thread-safe; call before hashing. */
int sxe_blake3_select(const char *name);
/* Name of the widest implementation currently in use. */
const char *sxe_blake3_impl(void);

#endif
