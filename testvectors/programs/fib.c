/* fib.c - compute-bound benchmark: naive recursive fib(n), self-checked
 * against an iterative computation.  n = the last all-digit argument, default
 * 20 (21,891 calls; fib(32) is ~7 million calls: too slow for unit tests).
 * Exit 0 = correct, 1 = mismatch, 2 = fib(20) != 6765 (default run only). */
#include "ckb.h"

__attribute__((noinline)) static uint64_t fib(uint64_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    uint64_t n = arg_number(argc, argv, 20);
    uint64_t a = 0, b = 1;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    uint64_t r = fib(n);
    if (r != a) return 1;
    if (n == 20 && r != 6765) return 2;
    return 0;
}
