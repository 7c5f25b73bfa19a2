/* sort.c - memory-heavy benchmark: bottom-up merge sort of N pseudo-random
 * 64-bit keys (xorshift64*) through a second buffer, both in .bss
 * (N = last all-digit argument, default 20000, at most 150000: 2.4 MB of
 * arrays, about 600 pages written).  Self-checked: the result is ordered and
 * has the same sum and xor as the input.
 * Exit 0 = correct, 1 = out of order, 2 = keys lost, 3 = N too large. */
#include "ckb.h"

#define MAXN 150000
static uint64_t a[MAXN], tmp[MAXN];

int main(int argc, char **argv) {
    uint64_t n = arg_number(argc, argv, 20000);
    if (n > MAXN) return 3;
    uint64_t x = 0x9E3779B97F4A7C15ULL, sum = 0, xr = 0;
    for (uint64_t i = 0; i < n; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        uint64_t k = x * 0x2545F4914F6CDD1DULL;
        a[i] = k;
        sum += k;
        xr ^= k;
    }
    uint64_t *src = a, *dst = tmp;
    for (uint64_t width = 1; width < n; width *= 2) {
        for (uint64_t lo = 0; lo < n; lo += 2 * width) {
            uint64_t mid = lo + width < n ? lo + width : n;
            uint64_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint64_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        uint64_t *t = src; src = dst; dst = t;
    }
    uint64_t s2 = 0, x2 = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (i && src[i - 1] > src[i]) return 1;
        s2 += src[i];
        x2 ^= src[i];
    }
    return s2 == sum && x2 == xr ? 0 : 2;
}
