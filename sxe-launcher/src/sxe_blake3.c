/* BLAKE3 (hash mode, 32-byte output), implemented from the BLAKE3 paper:
 * 1 KiB chunks of 64-byte blocks, a 7-round compression function on a 4x4
 * word state, chunk chaining values merged pairwise into a binary tree whose
 * root node is compressed with the ROOT flag.
 *
 * Whole chunks are hashed several at a time ("lanes"): with AVX2 (8 lanes)
 * or SSE2 (4 lanes) on x86 when available, else one at a time in portable C.
 * Aligned power-of-two runs of chunks are reduced to one subtree chaining
 * value, with the parent nodes of each level also hashed lane-parallel. */
#include "sxe_blake3.h"
#include "sxe_le.h"

#include <string.h>

#define BLOCK_LEN 64u
#define CHUNK_LEN 1024u
#define MAX_BATCH 64u /* chunks per subtree batch (power of two) */

#define F_CHUNK_START 1u
#define F_CHUNK_END   2u
#define F_PARENT      4u
#define F_ROOT        8u

static const uint32_t IV[8] = {
    0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
    0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u
};

/* Message word order per round: round r uses the permutation applied r times. */
static const uint8_t SCHED[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

static void st32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* ---------------------------------------------------------------------------
 * Portable compression function
 * ------------------------------------------------------------------------- */

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

#define G(a, b, c, d, x, y) do { \
    a = a + b + (x); d = ROTR(d ^ a, 16); \
    c = c + d;       b = ROTR(b ^ c, 12); \
    a = a + b + (y); d = ROTR(d ^ a, 8);  \
    c = c + d;       b = ROTR(b ^ c, 7);  \
} while (0)

#define ROUND(r) do { \
    G(v0, v4, v8,  v12, m[SCHED[r][0]],  m[SCHED[r][1]]);  \
    G(v1, v5, v9,  v13, m[SCHED[r][2]],  m[SCHED[r][3]]);  \
    G(v2, v6, v10, v14, m[SCHED[r][4]],  m[SCHED[r][5]]);  \
    G(v3, v7, v11, v15, m[SCHED[r][6]],  m[SCHED[r][7]]);  \
    G(v0, v5, v10, v15, m[SCHED[r][8]],  m[SCHED[r][9]]);  \
    G(v1, v6, v11, v12, m[SCHED[r][10]], m[SCHED[r][11]]); \
    G(v2, v7, v8,  v13, m[SCHED[r][12]], m[SCHED[r][13]]); \
    G(v3, v4, v9,  v14, m[SCHED[r][14]], m[SCHED[r][15]]); \
} while (0)

/* Compress one block; writes the new chaining value (first 8 output words)
 * to out (out may alias cv). */
static void compress(const uint32_t cv[8], const uint8_t block[64], uint32_t block_len,
                     uint64_t counter, uint32_t flags, uint32_t out[8])
{
    uint32_t m[16];
    uint32_t v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3];
    uint32_t v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
    uint32_t v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
    uint32_t v12 = (uint32_t)counter, v13 = (uint32_t)(counter >> 32);
    uint32_t v14 = block_len, v15 = flags;
    int i;
    for (i = 0; i < 16; i++)
        m[i] = sxe_le32(block + 4 * i);
    ROUND(0); ROUND(1); ROUND(2); ROUND(3); ROUND(4); ROUND(5); ROUND(6);
    out[0] = v0 ^ v8;
    out[1] = v1 ^ v9;
    out[2] = v2 ^ v10;
    out[3] = v3 ^ v11;
    out[4] = v4 ^ v12;
    out[5] = v5 ^ v13;
    out[6] = v6 ^ v14;
    out[7] = v7 ^ v15;
}

static void cv_to_bytes(const uint32_t cv[8], uint8_t out[32])
{
    int i;
    for (i = 0; i < 8; i++)
        st32(out + 4 * i, cv[i]);
}

/* Hash one input of `blocks` full blocks starting from IV. */
static void hash_one(const uint8_t *in, size_t blocks, uint64_t counter, uint32_t flags,
                     uint32_t fstart, uint32_t fend, uint8_t out[32])
{
    uint32_t cv[8];
    size_t b;
    memcpy(cv, IV, sizeof cv);
    for (b = 0; b < blocks; b++) {
        uint32_t f = flags | (b == 0 ? fstart : 0) | (b + 1 == blocks ? fend : 0);
        compress(cv, in + b * BLOCK_LEN, BLOCK_LEN, counter, f, cv);
    }
    cv_to_bytes(cv, out);
}

/* ---------------------------------------------------------------------------
 * x86 SIMD: several inputs in parallel, one input per 32-bit lane.
 * ------------------------------------------------------------------------- */

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && defined(__SSE2__) \
    && !defined(SXE_BLAKE3_PORTABLE)
#define SXE_X86 1
#include <immintrin.h>

/* ----- SSE2, 4 lanes ----- */

#define S_ADD(a, b) _mm_add_epi32(a, b)
#define S_XOR(a, b) _mm_xor_si128(a, b)
#define S_ROT16(x) _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xB1), 0xB1)
#define S_ROTN(x, n) _mm_or_si128(_mm_srli_epi32(x, n), _mm_slli_epi32(x, 32 - (n)))

#define SG(a, b, c, d, x, y) do { \
    a = S_ADD(S_ADD(a, b), x); d = S_ROT16(S_XOR(d, a)); \
    c = S_ADD(c, d);           b = S_ROTN(S_XOR(b, c), 12); \
    a = S_ADD(S_ADD(a, b), y); d = S_ROTN(S_XOR(d, a), 8); \
    c = S_ADD(c, d);           b = S_ROTN(S_XOR(b, c), 7); \
} while (0)

/* 4x4 transpose of 32-bit words */
#define S_TRANSPOSE(r0, r1, r2, r3) do { \
    __m128i t0_ = _mm_unpacklo_epi32(r0, r1), t1_ = _mm_unpackhi_epi32(r0, r1); \
    __m128i t2_ = _mm_unpacklo_epi32(r2, r3), t3_ = _mm_unpackhi_epi32(r2, r3); \
    r0 = _mm_unpacklo_epi64(t0_, t2_); r1 = _mm_unpackhi_epi64(t0_, t2_); \
    r2 = _mm_unpacklo_epi64(t1_, t3_); r3 = _mm_unpackhi_epi64(t1_, t3_); \
} while (0)

static void hash4_sse2(const uint8_t *const in[4], size_t blocks, uint64_t counter, int inc,
                       uint32_t flags, uint32_t fstart, uint32_t fend, uint8_t *out)
{
    __m128i h[8], v[16], m[16];
    __m128i clo, chi;
    size_t b;
    int i, r;
    uint32_t lo[4], hi[4];
    for (i = 0; i < 4; i++) {
        uint64_t c = counter + (inc ? (uint64_t)i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
    clo = _mm_setr_epi32((int)lo[0], (int)lo[1], (int)lo[2], (int)lo[3]);
    chi = _mm_setr_epi32((int)hi[0], (int)hi[1], (int)hi[2], (int)hi[3]);
    for (i = 0; i < 8; i++)
        h[i] = _mm_set1_epi32((int)IV[i]);
    for (b = 0; b < blocks; b++) {
        uint32_t f = flags | (b == 0 ? fstart : 0) | (b + 1 == blocks ? fend : 0);
        for (i = 0; i < 4; i++) {
            m[4 * i + 0] = _mm_loadu_si128((const __m128i *)(const void *)(in[0] + b * BLOCK_LEN + 16 * i));
            m[4 * i + 1] = _mm_loadu_si128((const __m128i *)(const void *)(in[1] + b * BLOCK_LEN + 16 * i));
            m[4 * i + 2] = _mm_loadu_si128((const __m128i *)(const void *)(in[2] + b * BLOCK_LEN + 16 * i));
            m[4 * i + 3] = _mm_loadu_si128((const __m128i *)(const void *)(in[3] + b * BLOCK_LEN + 16 * i));
            S_TRANSPOSE(m[4 * i + 0], m[4 * i + 1], m[4 * i + 2], m[4 * i + 3]);
        }
        for (i = 0; i < 8; i++)
            v[i] = h[i];
        v[8] = _mm_set1_epi32((int)IV[0]);
        v[9] = _mm_set1_epi32((int)IV[1]);
        v[10] = _mm_set1_epi32((int)IV[2]);
        v[11] = _mm_set1_epi32((int)IV[3]);
        v[12] = clo;
        v[13] = chi;
        v[14] = _mm_set1_epi32((int)BLOCK_LEN);
        v[15] = _mm_set1_epi32((int)f);
        for (r = 0; r < 7; r++) {
            const uint8_t *s = SCHED[r];
            SG(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
            SG(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
            SG(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
            SG(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
            SG(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
            SG(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
            SG(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
            SG(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
        }
        for (i = 0; i < 8; i++)
            h[i] = S_XOR(v[i], v[i + 8]);
    }
    S_TRANSPOSE(h[0], h[1], h[2], h[3]);
    S_TRANSPOSE(h[4], h[5], h[6], h[7]);
    for (i = 0; i < 4; i++) {
        _mm_storeu_si128((__m128i *)(void *)(out + 32 * i), h[i]);
        _mm_storeu_si128((__m128i *)(void *)(out + 32 * i + 16), h[i + 4]);
    }
}

/* ----- AVX2, 8 lanes ----- */

#define A_ADD(a, b) _mm256_add_epi32(a, b)
#define A_XOR(a, b) _mm256_xor_si256(a, b)
#define A_ROTN(x, n) _mm256_or_si256(_mm256_srli_epi32(x, n), _mm256_slli_epi32(x, 32 - (n)))

#define AG(a, b, c, d, x, y) do { \
    a = A_ADD(A_ADD(a, b), x); d = _mm256_shuffle_epi8(A_XOR(d, a), rot16); \
    c = A_ADD(c, d);           b = A_ROTN(A_XOR(b, c), 12); \
    a = A_ADD(A_ADD(a, b), y); d = _mm256_shuffle_epi8(A_XOR(d, a), rot8); \
    c = A_ADD(c, d);           b = A_ROTN(A_XOR(b, c), 7); \
} while (0)

/* 8x8 transpose of 32-bit words held in r[0..7] */
#define A_TRANSPOSE(r) do { \
    __m256i t0_ = _mm256_unpacklo_epi32(r[0], r[1]), t1_ = _mm256_unpackhi_epi32(r[0], r[1]); \
    __m256i t2_ = _mm256_unpacklo_epi32(r[2], r[3]), t3_ = _mm256_unpackhi_epi32(r[2], r[3]); \
    __m256i t4_ = _mm256_unpacklo_epi32(r[4], r[5]), t5_ = _mm256_unpackhi_epi32(r[4], r[5]); \
    __m256i t6_ = _mm256_unpacklo_epi32(r[6], r[7]), t7_ = _mm256_unpackhi_epi32(r[6], r[7]); \
    __m256i u0_ = _mm256_unpacklo_epi64(t0_, t2_), u1_ = _mm256_unpackhi_epi64(t0_, t2_); \
    __m256i u2_ = _mm256_unpacklo_epi64(t1_, t3_), u3_ = _mm256_unpackhi_epi64(t1_, t3_); \
    __m256i u4_ = _mm256_unpacklo_epi64(t4_, t6_), u5_ = _mm256_unpackhi_epi64(t4_, t6_); \
    __m256i u6_ = _mm256_unpacklo_epi64(t5_, t7_), u7_ = _mm256_unpackhi_epi64(t5_, t7_); \
    r[0] = _mm256_permute2x128_si256(u0_, u4_, 0x20); r[4] = _mm256_permute2x128_si256(u0_, u4_, 0x31); \
    r[1] = _mm256_permute2x128_si256(u1_, u5_, 0x20); r[5] = _mm256_permute2x128_si256(u1_, u5_, 0x31); \
    r[2] = _mm256_permute2x128_si256(u2_, u6_, 0x20); r[6] = _mm256_permute2x128_si256(u2_, u6_, 0x31); \
    r[3] = _mm256_permute2x128_si256(u3_, u7_, 0x20); r[7] = _mm256_permute2x128_si256(u3_, u7_, 0x31); \
} while (0)

__attribute__((target("avx2")))
static void hash8_avx2(const uint8_t *const in[8], size_t blocks, uint64_t counter, int inc,
                       uint32_t flags, uint32_t fstart, uint32_t fend, uint8_t *out)
{
    __m256i h[8], v[16], m[16];
    __m256i clo, chi;
    const __m256i rot16 = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                           2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    const __m256i rot8 = _mm256_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
                                          1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
    size_t b;
    int i;
    uint32_t lo[8], hi[8];
    for (i = 0; i < 8; i++) {
        uint64_t c = counter + (inc ? (uint64_t)i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
    clo = _mm256_setr_epi32((int)lo[0], (int)lo[1], (int)lo[2], (int)lo[3],
                            (int)lo[4], (int)lo[5], (int)lo[6], (int)lo[7]);
    chi = _mm256_setr_epi32((int)hi[0], (int)hi[1], (int)hi[2], (int)hi[3],
                            (int)hi[4], (int)hi[5], (int)hi[6], (int)hi[7]);
    for (i = 0; i < 8; i++)
        h[i] = _mm256_set1_epi32((int)IV[i]);
    for (b = 0; b < blocks; b++) {
        uint32_t f = flags | (b == 0 ? fstart : 0) | (b + 1 == blocks ? fend : 0);
        for (i = 0; i < 8; i++) {
            m[i] = _mm256_loadu_si256((const __m256i *)(const void *)(in[i] + b * BLOCK_LEN));
            m[i + 8] = _mm256_loadu_si256((const __m256i *)(const void *)(in[i] + b * BLOCK_LEN + 32));
        }
        A_TRANSPOSE(m);
        A_TRANSPOSE((m + 8));
        for (i = 0; i < 8; i++)
            v[i] = h[i];
        v[8] = _mm256_set1_epi32((int)IV[0]);
        v[9] = _mm256_set1_epi32((int)IV[1]);
        v[10] = _mm256_set1_epi32((int)IV[2]);
        v[11] = _mm256_set1_epi32((int)IV[3]);
        v[12] = clo;
        v[13] = chi;
        v[14] = _mm256_set1_epi32((int)BLOCK_LEN);
        v[15] = _mm256_set1_epi32((int)f);
#define AROUND(r) do { \
        AG(v[0], v[4], v[8], v[12], m[SCHED[r][0]], m[SCHED[r][1]]); \
        AG(v[1], v[5], v[9], v[13], m[SCHED[r][2]], m[SCHED[r][3]]); \
        AG(v[2], v[6], v[10], v[14], m[SCHED[r][4]], m[SCHED[r][5]]); \
        AG(v[3], v[7], v[11], v[15], m[SCHED[r][6]], m[SCHED[r][7]]); \
        AG(v[0], v[5], v[10], v[15], m[SCHED[r][8]], m[SCHED[r][9]]); \
        AG(v[1], v[6], v[11], v[12], m[SCHED[r][10]], m[SCHED[r][11]]); \
        AG(v[2], v[7], v[8], v[13], m[SCHED[r][12]], m[SCHED[r][13]]); \
        AG(v[3], v[4], v[9], v[14], m[SCHED[r][14]], m[SCHED[r][15]]); \
} while (0)
        AROUND(0); AROUND(1); AROUND(2); AROUND(3); AROUND(4); AROUND(5); AROUND(6);
#undef AROUND
        for (i = 0; i < 8; i++)
            h[i] = A_XOR(v[i], v[i + 8]);
    }
    A_TRANSPOSE(h);
    for (i = 0; i < 8; i++)
        _mm256_storeu_si256((__m256i *)(void *)(out + 32 * i), h[i]);
}

enum { IMPL_PORTABLE = 0, IMPL_SSE2 = 1, IMPL_AVX2 = 2 };
static int impl_level = -1;

static int detect_level(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? IMPL_AVX2 : IMPL_SSE2;
}

static int level(void)
{
    if (impl_level < 0)
        impl_level = detect_level();
    return impl_level;
}
#else
enum { IMPL_PORTABLE = 0, IMPL_SSE2 = 1, IMPL_AVX2 = 2 };
static int impl_level = IMPL_PORTABLE;
static int detect_level(void) { return IMPL_PORTABLE; }
static int level(void) { return impl_level; }
#endif

int sxe_blake3_select(const char *name)
{
    int want, max = detect_level();
    if (!name || strcmp(name, "auto") == 0)
        want = max;
    else if (strcmp(name, "portable") == 0)
        want = IMPL_PORTABLE;
    else if (strcmp(name, "sse2") == 0)
        want = IMPL_SSE2;
    else if (strcmp(name, "avx2") == 0)
        want = IMPL_AVX2;
    else
        return -1;
    if (want > max)
        return -1;
    impl_level = want;
    return 0;
}

const char *sxe_blake3_impl(void)
{
    switch (level()) {
    case IMPL_AVX2: return "avx2";
    case IMPL_SSE2: return "sse2";
    default: return "portable";
    }
}

/* Hash n inputs of `blocks` full blocks each; input i uses counter
 * counter + i if inc, else counter. Writes n 32-byte chaining values. */
static void hash_many(const uint8_t *const *in, size_t n, size_t blocks, uint64_t counter, int inc,
                      uint32_t flags, uint32_t fstart, uint32_t fend, uint8_t *out)
{
#ifdef SXE_X86
    int lv = level();
    if (lv >= IMPL_AVX2) {
        while (n >= 8) {
            hash8_avx2(in, blocks, counter, inc, flags, fstart, fend, out);
            in += 8;
            out += 8 * 32;
            n -= 8;
            if (inc)
                counter += 8;
        }
    }
    if (lv >= IMPL_SSE2) {
        while (n >= 4) {
            hash4_sse2(in, blocks, counter, inc, flags, fstart, fend, out);
            in += 4;
            out += 4 * 32;
            n -= 4;
            if (inc)
                counter += 4;
        }
    }
#endif
    while (n > 0) {
        hash_one(in[0], blocks, counter, flags, fstart, fend, out);
        in++;
        out += 32;
        n--;
        if (inc)
            counter++;
    }
}

/* Chaining value of the subtree made of n (power of two, <= MAX_BATCH)
 * consecutive full chunks starting at chunk index `counter`. Never the root. */
static void subtree_cv(const uint8_t *data, size_t n, uint64_t counter, uint8_t out[32])
{
    const uint8_t *ptrs[MAX_BATCH] = {0};
    uint8_t cvs[MAX_BATCH * 32], tmp[MAX_BATCH / 2 * 32];
    size_t i;
    for (i = 0; i < n; i++)
        ptrs[i] = data + i * CHUNK_LEN;
    hash_many(ptrs, n, CHUNK_LEN / BLOCK_LEN, counter, 1, 0, F_CHUNK_START, F_CHUNK_END, cvs);
    while (n > 1) {
        n /= 2;
        for (i = 0; i < n; i++)
            ptrs[i] = cvs + 64 * i;
        hash_many(ptrs, n, 1, 0, 0, F_PARENT, 0, 0, tmp);
        memcpy(cvs, tmp, 32 * n);
    }
    memcpy(out, cvs, 32);
}

/* ---------------------------------------------------------------------------
 * Incremental hasher
 * ------------------------------------------------------------------------- */

static void chunk_reset(sxe_blake3_hasher *h)
{
    memcpy(h->cv, IV, sizeof h->cv);
    h->buf_len = 0;
    h->blocks_done = 0;
}

void sxe_blake3_init(sxe_blake3_hasher *h)
{
    memset(h, 0, sizeof *h);
    chunk_reset(h);
}

static void parent_cv(const uint8_t left[32], const uint8_t right[32], uint32_t flags, uint32_t out[8])
{
    uint8_t block[64];
    memcpy(block, left, 32);
    memcpy(block + 32, right, 32);
    compress(IV, block, BLOCK_LEN, 0, F_PARENT | flags, out);
}

/* Add the chaining value of a completed subtree covering `n` chunks (power of
 * two) that starts at chunk index `first` (a multiple of n). Completed
 * siblings are merged right away: more input is known to follow, so none of
 * these parents can be the root. */
static void push_cv(sxe_blake3_hasher *h, const uint8_t cv[32], uint64_t first, uint64_t n)
{
    uint8_t cur[32];
    uint64_t total = first + n;
    memcpy(cur, cv, 32);
    while (n > 1) {
        total >>= 1;
        n >>= 1;
    }
    while ((total & 1) == 0) {
        uint32_t w[8];
        h->stack_len--;
        parent_cv(h->stack[h->stack_len], cur, 0, w);
        cv_to_bytes(w, cur);
        total >>= 1;
    }
    memcpy(h->stack[h->stack_len], cur, 32);
    h->stack_len++;
}

void sxe_blake3_update(sxe_blake3_hasher *h, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    while (len > 0) {
        size_t clen = (size_t)h->blocks_done * BLOCK_LEN + h->buf_len;
        size_t take;
        if (clen == CHUNK_LEN) {
            /* the chunk is complete and more input follows: close it */
            uint32_t w[8];
            uint8_t cv[32];
            compress(h->cv, h->buf, BLOCK_LEN, h->chunk_counter,
                     F_CHUNK_END | (h->blocks_done == 0 ? F_CHUNK_START : 0), w);
            cv_to_bytes(w, cv);
            push_cv(h, cv, h->chunk_counter, 1);
            h->chunk_counter++;
            chunk_reset(h);
            clen = 0;
        }
        if (clen == 0 && len > CHUNK_LEN) {
            uint8_t cv[32];
            uint64_t n = 1;
            while (n * 2 <= MAX_BATCH && n * 2 * CHUNK_LEN < len && (h->chunk_counter & (n * 2 - 1)) == 0)
                n *= 2;
            subtree_cv(p, (size_t)n, h->chunk_counter, cv);
            push_cv(h, cv, h->chunk_counter, n);
            h->chunk_counter += n;
            p += n * CHUNK_LEN;
            len -= (size_t)n * CHUNK_LEN;
            continue;
        }
        if (h->buf_len == BLOCK_LEN) {
            /* not the chunk's last block (clen < CHUNK_LEN) and more input follows */
            compress(h->cv, h->buf, BLOCK_LEN, h->chunk_counter,
                     h->blocks_done == 0 ? F_CHUNK_START : 0, h->cv);
            h->blocks_done++;
            h->buf_len = 0;
        }
        while (h->buf_len == 0 && len > BLOCK_LEN && h->blocks_done + 1u < CHUNK_LEN / BLOCK_LEN) {
            compress(h->cv, p, BLOCK_LEN, h->chunk_counter,
                     h->blocks_done == 0 ? F_CHUNK_START : 0, h->cv);
            h->blocks_done++;
            p += BLOCK_LEN;
            len -= BLOCK_LEN;
        }
        take = BLOCK_LEN - h->buf_len;
        if (take > len)
            take = len;
        memcpy(h->buf + h->buf_len, p, take);
        h->buf_len = (uint8_t)(h->buf_len + take);
        p += take;
        len -= take;
    }
}

void sxe_blake3_final(const sxe_blake3_hasher *h, uint8_t out[SXE_BLAKE3_OUT_LEN])
{
    uint8_t block[64];
    uint32_t w[8];
    uint32_t flags = F_CHUNK_END | (h->blocks_done == 0 ? F_CHUNK_START : 0);
    int i;
    memset(block, 0, sizeof block);
    memcpy(block, h->buf, h->buf_len);
    if (h->stack_len == 0) {
        compress(h->cv, block, h->buf_len, h->chunk_counter, flags | F_ROOT, w);
        cv_to_bytes(w, out);
        return;
    }
    {
        uint8_t cur[32];
        compress(h->cv, block, h->buf_len, h->chunk_counter, flags, w);
        cv_to_bytes(w, cur);
        for (i = h->stack_len - 1; i >= 0; i--) {
            parent_cv(h->stack[i], cur, i == 0 ? F_ROOT : 0, w);
            cv_to_bytes(w, cur);
        }
        memcpy(out, cur, 32);
    }
}

void sxe_blake3(const void *data, size_t len, uint8_t out[SXE_BLAKE3_OUT_LEN])
{
    sxe_blake3_hasher h;
    sxe_blake3_init(&h);
    sxe_blake3_update(&h, data, len);
    sxe_blake3_final(&h, out);
}

void sxe_blake3_hex(const uint8_t digest[SXE_BLAKE3_OUT_LEN], char hex[2 * SXE_BLAKE3_OUT_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    int i;
    for (i = 0; i < SXE_BLAKE3_OUT_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * SXE_BLAKE3_OUT_LEN] = '\0';
}
