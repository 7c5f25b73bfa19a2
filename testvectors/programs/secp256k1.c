/* secp256k1.c - compute-bound benchmark: ECDSA signature verification over
 * secp256k1 (CKB's default lock), big-integer arithmetic on 4 x 64-bit limbs
 * (mul/mulhu pairs, carry chains: the macro-op fusion patterns).  Field mod
 * p = 2^256 - 2^32 - 977 with the fast reduction, scalars mod n by folding
 * 2^256 = 2^256 - n, inverses by Fermat, Jacobian points, Shamir's trick for
 * u1*G + u2*Q.  The key and signature come from gen_secp256k1.py.
 * The signature is verified n times (n = last all-digit argument, default 1),
 * then a tampered one must fail.
 * Exit 0 = correct, 1 = valid signature rejected, 2 = tampered one accepted,
 * 3 = public key not on the curve. */
#include "ckb.h"
#include "secp256k1_vector.h"

typedef unsigned __int128 u128;
typedef uint64_t fe[4];

static const fe P = {0xFFFFFFFEFFFFFC2FULL, 0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL};
static const fe N = {0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL};
/* 2^256 - n */
static const uint64_t NC[3] = {0x402DA1732FC9BEBFULL, 0x4551231950B75FC4ULL, 0x1ULL};
static const fe GX = {0x59F2815B16F81798ULL, 0x029BFCDB2DCE28D9ULL, 0x55A06295CE870B07ULL, 0x79BE667EF9DCBBACULL};
static const fe GY = {0x9C47D08FFB10D4B8ULL, 0xFD17B448A6855419ULL, 0x5DA4FBFC0E1108A8ULL, 0x483ADA7726A3C465ULL};
#define PC 0x1000003D1ULL /* 2^256 mod p */

static void copy(fe r, const fe a) { for (int i = 0; i < 4; i++) r[i] = a[i]; }
static int is_zero(const fe a) { return (a[0] | a[1] | a[2] | a[3]) == 0; }
static int equal(const fe a, const fe b) {
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}
static int geq(const fe a, const fe b) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] != b[i]) return a[i] > b[i];
    }
    return 1;
}
/* r = a - b, returns the borrow */
static uint64_t sub4(fe r, const fe a, const fe b) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t x = a[i], y = b[i];
        uint64_t d = x - y;
        uint64_t b1 = x < y;
        uint64_t d2 = d - borrow;
        uint64_t b2 = d < borrow;
        r[i] = d2;
        borrow = b1 | b2;
    }
    return borrow;
}
static uint64_t add4(fe r, const fe a, const fe b) {
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a[i] + b[i];
        uint64_t c1 = s < a[i];
        uint64_t s2 = s + carry;
        uint64_t c2 = s2 < s;
        r[i] = s2;
        carry = c1 | c2;
    }
    return carry;
}

/* ---- field mod p ---- */
static void fe_add(fe r, const fe a, const fe b) {
    uint64_t c = add4(r, a, b);
    if (c || geq(r, P)) sub4(r, r, P);
}
static void fe_sub(fe r, const fe a, const fe b) {
    if (sub4(r, a, b)) add4(r, r, P);
}
/* 512-bit product */
static void mul4(uint64_t t[8], const fe a, const fe b) {
    for (int i = 0; i < 8; i++) t[i] = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 m = (u128)a[i] * b[j] + t[i + j] + carry;
            t[i + j] = (uint64_t)m;
            carry = (uint64_t)(m >> 64);
        }
        t[i + 4] = carry;
    }
}
static void fe_mul(fe r, const fe a, const fe b) {
    uint64_t t[8];
    mul4(t, a, b);
    /* t = lo + hi * 2^256 = lo + hi * PC (mod p) */
    uint64_t u[5];
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (u128)t[i + 4] * PC + t[i];
        u[i] = (uint64_t)c;
        c >>= 64;
    }
    u[4] = (uint64_t)c;
    /* fold the top limb once more */
    c = (u128)u[4] * PC + u[0];
    r[0] = (uint64_t)c;
    c >>= 64;
    for (int i = 1; i < 4; i++) {
        c += u[i];
        r[i] = (uint64_t)c;
        c >>= 64;
    }
    if (c) { /* 2^256 once more */
        fe pc = {PC, 0, 0, 0};
        add4(r, r, pc);
    }
    if (geq(r, P)) sub4(r, r, P);
}
static void fe_sqr(fe r, const fe a) { fe_mul(r, a, a); }
/* a^(p-2) */
static void fe_inv(fe r, const fe a) {
    fe e, x;
    fe two = {2, 0, 0, 0};
    sub4(e, P, two);
    fe one = {1, 0, 0, 0};
    copy(x, one);
    for (int i = 255; i >= 0; i--) {
        fe_sqr(x, x);
        if ((e[i / 64] >> (i % 64)) & 1) fe_mul(x, x, a);
    }
    copy(r, x);
}

/* ---- scalars mod n ---- */
static void sc_reduce(fe r, const uint64_t in[8]) {
    uint64_t t[8];
    for (int i = 0; i < 8; i++) t[i] = in[i];
    while (t[4] | t[5] | t[6] | t[7]) {
        uint64_t u[8] = {0};
        /* u = lo + hi * NC */
        for (int i = 0; i < 4; i++) {
            uint64_t carry = 0;
            for (int j = 0; j < 3; j++) {
                u128 m = (u128)t[i + 4] * NC[j] + u[i + j] + carry;
                u[i + j] = (uint64_t)m;
                carry = (uint64_t)(m >> 64);
            }
            for (int k = i + 3; carry && k < 8; k++) {
                u128 m = (u128)u[k] + carry;
                u[k] = (uint64_t)m;
                carry = (uint64_t)(m >> 64);
            }
        }
        uint64_t carry = 0;
        for (int i = 0; i < 8; i++) {
            u128 m = (u128)u[i] + (i < 4 ? t[i] : 0) + carry;
            u[i] = (uint64_t)m;
            carry = (uint64_t)(m >> 64);
        }
        for (int i = 0; i < 8; i++) t[i] = u[i];
    }
    fe x = {t[0], t[1], t[2], t[3]};
    while (geq(x, N)) sub4(x, x, N);
    copy(r, x);
}
static void sc_mul(fe r, const fe a, const fe b) {
    uint64_t t[8];
    mul4(t, a, b);
    sc_reduce(r, t);
}
static void sc_inv(fe r, const fe a) {
    fe e, x;
    fe two = {2, 0, 0, 0};
    sub4(e, N, two);
    fe one = {1, 0, 0, 0};
    copy(x, one);
    for (int i = 255; i >= 0; i--) {
        sc_mul(x, x, x);
        if ((e[i / 64] >> (i % 64)) & 1) sc_mul(x, x, a);
    }
    copy(r, x);
}

/* ---- points (Jacobian; Z = 0 is infinity) ---- */
typedef struct { fe x, y, z; } point;

static void pt_double(point *r, const point *p) {
    if (is_zero(p->z) || is_zero(p->y)) { for (int i = 0; i < 4; i++) r->z[i] = 0; return; }
    fe a, b, c, d, e, f, t;
    fe_sqr(a, p->x);
    fe_sqr(b, p->y);
    fe_sqr(c, b);
    fe_add(t, p->x, b);
    fe_sqr(t, t);
    fe_sub(t, t, a);
    fe_sub(t, t, c);
    fe_add(d, t, t);
    fe_add(e, a, a);
    fe_add(e, e, a);
    fe_sqr(f, e);
    fe z3;
    fe_mul(z3, p->y, p->z);
    fe_add(z3, z3, z3);
    fe x3;
    fe_sub(x3, f, d);
    fe_sub(x3, x3, d);
    fe y3;
    fe_sub(t, d, x3);
    fe_mul(y3, e, t);
    fe_add(c, c, c);
    fe_add(c, c, c);
    fe_add(c, c, c);
    fe_sub(y3, y3, c);
    copy(r->x, x3);
    copy(r->y, y3);
    copy(r->z, z3);
}

static void pt_add(point *r, const point *p, const point *q) {
    if (is_zero(p->z)) { *r = *q; return; }
    if (is_zero(q->z)) { *r = *p; return; }
    fe z1z1, z2z2, u1, u2, s1, s2, h, rr, t;
    fe_sqr(z1z1, p->z);
    fe_sqr(z2z2, q->z);
    fe_mul(u1, p->x, z2z2);
    fe_mul(u2, q->x, z1z1);
    fe_mul(t, q->z, z2z2);
    fe_mul(s1, p->y, t);
    fe_mul(t, p->z, z1z1);
    fe_mul(s2, q->y, t);
    fe_sub(h, u2, u1);
    fe_sub(rr, s2, s1);
    if (is_zero(h)) {
        if (is_zero(rr)) { pt_double(r, p); return; }
        for (int i = 0; i < 4; i++) r->z[i] = 0;
        return;
    }
    fe hh, hhh, v, x3, y3, z3;
    fe_sqr(hh, h);
    fe_mul(hhh, h, hh);
    fe_mul(v, u1, hh);
    fe_sqr(x3, rr);
    fe_sub(x3, x3, hhh);
    fe_sub(x3, x3, v);
    fe_sub(x3, x3, v);
    fe_sub(t, v, x3);
    fe_mul(y3, rr, t);
    fe_mul(t, s1, hhh);
    fe_sub(y3, y3, t);
    fe_mul(z3, p->z, q->z);
    fe_mul(z3, z3, h);
    copy(r->x, x3);
    copy(r->y, y3);
    copy(r->z, z3);
}

static int on_curve(const fe x, const fe y) {
    fe l, r, seven = {7, 0, 0, 0};
    fe_sqr(l, y);
    fe_sqr(r, x);
    fe_mul(r, r, x);
    fe_add(r, r, seven);
    return equal(l, r);
}

__attribute__((noinline)) static int verify(const fe qx, const fe qy, const fe z, const fe r, const fe s) {
    if (is_zero(r) || is_zero(s) || geq(r, N) || geq(s, N)) return 0;
    fe w, u1, u2, zr;
    sc_inv(w, s);
    copy(zr, z);
    while (geq(zr, N)) sub4(zr, zr, N);
    sc_mul(u1, zr, w);
    sc_mul(u2, r, w);
    point g = {{0}, {0}, {1, 0, 0, 0}}, q = {{0}, {0}, {1, 0, 0, 0}}, gq, acc;
    copy(g.x, GX); copy(g.y, GY);
    copy(q.x, qx); copy(q.y, qy);
    pt_add(&gq, &g, &q);
    for (int i = 0; i < 4; i++) { acc.x[i] = 0; acc.y[i] = 0; acc.z[i] = 0; }
    for (int i = 255; i >= 0; i--) {
        pt_double(&acc, &acc);
        int b1 = (u1[i / 64] >> (i % 64)) & 1;
        int b2 = (u2[i / 64] >> (i % 64)) & 1;
        if (b1 && b2) pt_add(&acc, &acc, &gq);
        else if (b1) pt_add(&acc, &acc, &g);
        else if (b2) pt_add(&acc, &acc, &q);
    }
    if (is_zero(acc.z)) return 0;
    fe zi, zi2, x;
    fe_inv(zi, acc.z);
    fe_sqr(zi2, zi);
    fe_mul(x, acc.x, zi2);
    while (geq(x, N)) sub4(x, x, N);
    return equal(x, r);
}

int main(int argc, char **argv) {
    uint64_t n = arg_number(argc, argv, 1);
    if (!on_curve(QX, QY) || !on_curve(GX, GY)) return 3;
    for (uint64_t i = 0; i < n; i++) {
        if (!verify(QX, QY, Z, SIG_R, SIG_S)) return 1;
    }
    fe bad;
    copy(bad, Z);
    bad[0] ^= 1;
    if (verify(QX, QY, bad, SIG_R, SIG_S)) return 2;
    return 0;
}
