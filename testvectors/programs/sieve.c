/* sieve.c - compute-bound benchmark: sieve of Eratosthenes counting the primes
 * below N (N = last all-digit argument, default 100000, at most 1000000; the
 * sieve array lives in .bss).  Self-checked: for N = 10^k (k <= 6) against the
 * known counts, otherwise against trial division (slow: keep N small).
 * Exit 0 = correct, 1 = wrong count, 2 = N too large. */
#include "ckb.h"

#define MAXN 1000000
static unsigned char composite[MAXN + 1];

static uint64_t trial_count(uint64_t n) {
    uint64_t c = 0;
    for (uint64_t i = 2; i < n; i++) {
        int p = 1;
        for (uint64_t d = 2; d * d <= i; d++)
            if (i % d == 0) { p = 0; break; }
        c += (uint64_t)p;
    }
    return c;
}

int main(int argc, char **argv) {
    uint64_t n = arg_number(argc, argv, 100000);
    if (n > MAXN) return 2;
    uint64_t count = 0;
    for (uint64_t i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        for (uint64_t j = i * i; j < n; j += i) composite[j] = 1;
    }
    static const uint64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    static const uint64_t pi[] = {0, 4, 25, 168, 1229, 9592, 78498};
    for (int k = 0; k < 7; k++)
        if (n == pow10[k]) return count == pi[k] ? 0 : 1;
    return count == trial_count(n) ? 0 : 1;
}
