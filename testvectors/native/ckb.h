/* native/ckb.h - the host (x86-64 Linux) stand-in for programs/ckb.h, so that the
 * compute-bound C programs build natively for speed comparisons (native/build.sh).
 * Same API: arg_number; main's return value is the exit code; libc provides memset etc. */
#ifndef CKB_H
#define CKB_H
#include <stdint.h>
#include <string.h>

static inline unsigned long arg_number(int argc, char **argv, unsigned long dflt) {
    for (int i = argc - 1; i >= 0; i--) {
        const char *p = argv[i];
        unsigned long v = 0;
        if (!p || !*p) continue;
        while (*p >= '0' && *p <= '9') v = v * 10 + (unsigned long)(*p++ - '0');
        if (*p == 0) return v;
    }
    return dflt;
}
#endif
