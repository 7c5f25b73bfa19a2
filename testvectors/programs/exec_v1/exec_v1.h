/* exec_v1.h - what exec_v1.c and exec_v1_b.c share.  Our own code. */
#ifndef EXEC_V1_H
#define EXEC_V1_H
#include "../spawn/spawn.h"

/* elf/exec_v1_b.pad is EXEC_V1_PAD bytes of filler followed by the ELF exec_v1_b (build.sh) */
#define EXEC_V1_PAD 4219UL
/* rounds of work exec_v1_b does before it execs back (so that budgets can stop it there) */
#define EXEC_V1_ROUNDS 20000UL
/* argv entries of exactly MAX_ARGV_LENGTH (1 MiB, 8 bytes per entry plus its string length)
 * when every string is empty */
#define ARGV_AT_LIMIT 131072UL

static inline unsigned long fnv_rounds(unsigned long n) {
    unsigned long h = 1469598103934665603UL;
    for (unsigned long i = 0; i < n; i++) h = (h ^ i) * 1099511628211UL;
    return h;
}
#endif
