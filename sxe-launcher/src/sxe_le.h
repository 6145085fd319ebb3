/* sxe_le.h - little-endian loads shared by the decoders and hashes (every format here is LE). */
#ifndef SXE_LE_H
#define SXE_LE_H

#include <stdint.h>
#include <string.h>

static inline uint32_t sxe_le16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static inline uint32_t sxe_le24(const uint8_t *p) { return sxe_le16(p) | ((uint32_t)p[2] << 16); }
static inline uint32_t sxe_le32(const uint8_t *p) { return sxe_le24(p) | ((uint32_t)p[3] << 24); }

static inline uint64_t sxe_le64(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
#else
    return (uint64_t)sxe_le32(p) | ((uint64_t)sxe_le32(p + 4) << 32);
#endif
}

#endif
