/* ckb.h - syscall wrappers for the C test programs (inline asm, no libc). */
#ifndef CKB_H
#define CKB_H
#include <stdint.h>

#define SYS_EXIT 93
#define SYS_VM_VERSION 2041
#define SYS_CURRENT_CYCLES 2042
#define SYS_DEBUG 2177

static inline long ckb_syscall(long n, long a0, long a1, long a2) {
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}

static inline __attribute__((noreturn)) void ckb_exit(int8_t code) {
    ckb_syscall(SYS_EXIT, code, 0, 0);
    __builtin_unreachable();
}

/* Not available under qemu (ENOSYS there, which we ignore). */
static inline long ckb_debug(const char *s) { return ckb_syscall(SYS_DEBUG, (long)s, 0, 0); }
static inline long ckb_vm_version(void) { return ckb_syscall(SYS_VM_VERSION, 0, 0, 0); }
static inline uint64_t ckb_current_cycles(void) { return (uint64_t)ckb_syscall(SYS_CURRENT_CYCLES, 0, 0, 0); }

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);

/* Parse the last argv entry that is a non-empty decimal number; return dflt if none.
 * (Under qemu argv[0] is the program path; under CKB-VM the args are passed as given.) */
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
