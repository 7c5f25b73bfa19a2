/* blake2b.c - compute-bound benchmark: BLAKE2b (RFC 7693), written as the reference
 * implementation that CKB contracts compile (blake2b-ref: the G and ROUND macros, all twelve
 * rounds expanded, so the compression function is about 2,000 instructions of straight-line
 * code).  Self-checked on BLAKE2b-512("abc") (RFC 7693 appendix A) and on CKB's hash of the
 * empty message (BLAKE2b-256 with personalization "ckb-default-hash"), then an iterated CKB
 * hash: h = ckbhash(1 KiB buffer), then h = ckbhash(h) repeated; iterations = last all-digit
 * argument, default 64.  For the default the final digest is compared with a constant computed
 * with Python's hashlib:
 *   big = bytes((i * 7 + 1) & 0xff for i in range(1024)); f = lambda m: hashlib.blake2b(m,
 *   digest_size=32, person=b'ckb-default-hash').digest(); d = f(big); 64 times: d = f(d)
 * Exit 0 = correct, 1 = "abc" wrong, 2 = empty CKB hash wrong, 3 = iterated digest wrong
 * (default iteration count only). */
#include "ckb.h"

typedef struct {
    uint64_t h[8];
    uint64_t t[2];
    uint64_t f[2];
    uint8_t buf[128];
    uint32_t buflen;
    uint32_t outlen;
} blake2b_state;

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

static inline uint64_t rotr64(uint64_t w, unsigned c) { return (w >> c) | (w << (64 - c)); }

static inline uint64_t load64(const uint8_t *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

#define G(r, i, a, b, c, d)                      \
    do {                                         \
        a = a + b + m[SIGMA[r][2 * i + 0]];      \
        d = rotr64(d ^ a, 32);                   \
        c = c + d;                               \
        b = rotr64(b ^ c, 24);                   \
        a = a + b + m[SIGMA[r][2 * i + 1]];      \
        d = rotr64(d ^ a, 16);                   \
        c = c + d;                               \
        b = rotr64(b ^ c, 63);                   \
    } while (0)

#define ROUND(r)                           \
    do {                                   \
        G(r, 0, v[0], v[4], v[8], v[12]);  \
        G(r, 1, v[1], v[5], v[9], v[13]);  \
        G(r, 2, v[2], v[6], v[10], v[14]); \
        G(r, 3, v[3], v[7], v[11], v[15]); \
        G(r, 4, v[0], v[5], v[10], v[15]); \
        G(r, 5, v[1], v[6], v[11], v[12]); \
        G(r, 6, v[2], v[7], v[8], v[13]);  \
        G(r, 7, v[3], v[4], v[9], v[14]);  \
    } while (0)

static void compress(blake2b_state *S, const uint8_t block[128]) {
    uint64_t m[16];
    uint64_t v[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; i++) v[i] = S->h[i];
    v[8] = IV[0];
    v[9] = IV[1];
    v[10] = IV[2];
    v[11] = IV[3];
    v[12] = IV[4] ^ S->t[0];
    v[13] = IV[5] ^ S->t[1];
    v[14] = IV[6] ^ S->f[0];
    v[15] = IV[7] ^ S->f[1];
    ROUND(0);
    ROUND(1);
    ROUND(2);
    ROUND(3);
    ROUND(4);
    ROUND(5);
    ROUND(6);
    ROUND(7);
    ROUND(8);
    ROUND(9);
    ROUND(10);
    ROUND(11);
    for (int i = 0; i < 8; i++) S->h[i] = S->h[i] ^ v[i] ^ v[i + 8];
}

/* outlen bytes of digest; personal: 16 bytes or NULL */
static void init(blake2b_state *S, uint32_t outlen, const uint8_t *personal) {
    uint8_t param[64];
    for (int i = 0; i < 64; i++) param[i] = 0;
    param[0] = (uint8_t)outlen; /* digest length */
    param[2] = 1;               /* fanout */
    param[3] = 1;               /* depth */
    if (personal)
        for (int i = 0; i < 16; i++) param[48 + i] = personal[i];
    for (int i = 0; i < 8; i++) S->h[i] = IV[i] ^ load64(param + 8 * i);
    S->t[0] = S->t[1] = S->f[0] = S->f[1] = 0;
    S->buflen = 0;
    S->outlen = outlen;
}

static void increment(blake2b_state *S, uint64_t inc) {
    S->t[0] += inc;
    S->t[1] += (S->t[0] < inc);
}

static void update(blake2b_state *S, const uint8_t *in, uint64_t n) {
    while (n > 0) {
        if (S->buflen == 128) { /* more input follows: the full buffer is not the last block */
            increment(S, 128);
            compress(S, S->buf);
            S->buflen = 0;
        }
        S->buf[S->buflen++] = *in++;
        n--;
    }
}

static void final(blake2b_state *S, uint8_t *out) {
    increment(S, S->buflen);
    S->f[0] = ~0ULL;
    for (uint32_t i = S->buflen; i < 128; i++) S->buf[i] = 0;
    compress(S, S->buf);
    for (uint32_t i = 0; i < S->outlen; i++) out[i] = (uint8_t)(S->h[i / 8] >> (8 * (i % 8)));
}

static const uint8_t CKB_PERSONAL[16] = "ckb-default-hash";

static void ckbhash(const uint8_t *in, uint64_t n, uint8_t out[32]) {
    blake2b_state S;
    init(&S, 32, CKB_PERSONAL);
    update(&S, in, n);
    final(&S, out);
}

static const uint8_t ABC_512[64] = {
    0xba, 0x80, 0xa5, 0x3f, 0x98, 0x1c, 0x4d, 0x0d, 0x6a, 0x27, 0x97, 0xb6, 0x9f, 0x12, 0xf6, 0xe9,
    0x4c, 0x21, 0x2f, 0x14, 0x68, 0x5a, 0xc4, 0xb7, 0x4b, 0x12, 0xbb, 0x6f, 0xdb, 0xff, 0xa2, 0xd1,
    0x7d, 0x87, 0xc5, 0x39, 0x2a, 0xab, 0x79, 0x2d, 0xc2, 0x52, 0xd5, 0xde, 0x45, 0x33, 0xcc, 0x95,
    0x18, 0xd3, 0x8a, 0xa8, 0xdb, 0xf1, 0x92, 0x5a, 0xb9, 0x23, 0x86, 0xed, 0xd4, 0x00, 0x99, 0x23};
static const uint8_t CKB_EMPTY[32] = {
    0x44, 0xf4, 0xc6, 0x97, 0x44, 0xd5, 0xf8, 0xc5, 0x5d, 0x64, 0x20, 0x62, 0x94, 0x9d, 0xca, 0xe4,
    0x9b, 0xc4, 0xe7, 0xef, 0x43, 0xd3, 0x88, 0xc5, 0xa1, 0x2f, 0x42, 0xb5, 0x63, 0x3d, 0x16, 0x3e};
static const uint8_t ITERATED_64[32] = {
    0x24, 0x11, 0xe1, 0xbc, 0xad, 0xe2, 0xd1, 0x7b, 0xae, 0x18, 0x85, 0x46, 0x99, 0x5a, 0xde, 0x8f,
    0xcd, 0x1f, 0x00, 0xd2, 0xf3, 0xcf, 0x74, 0xba, 0x11, 0x9b, 0x27, 0xc9, 0x67, 0x23, 0x2b, 0x6b};

static uint8_t big[1024];

int main(int argc, char **argv) {
    uint8_t d[64];
    blake2b_state S;
    init(&S, 64, 0);
    update(&S, (const uint8_t *)"abc", 3);
    final(&S, d);
    if (memcmp(d, ABC_512, 64)) return 1;
    ckbhash(0, 0, d);
    if (memcmp(d, CKB_EMPTY, 32)) return 2;
    uint64_t iters = arg_number(argc, argv, 64);
    for (int i = 0; i < 1024; i++) big[i] = (uint8_t)(i * 7 + 1);
    ckbhash(big, sizeof big, d);
    for (uint64_t i = 0; i < iters; i++) ckbhash(d, 32, d);
    if (iters == 64 && memcmp(d, ITERATED_64, 32)) return 3;
    return 0;
}
