/* spawn.h - wrappers for the script-version-2 syscalls (exec 2043, spawn 2601..close 2608,
 * load_block_extension 2104) used by the programs in this directory, plus small helpers.
 * Register conventions and return codes: docs/SPAWN.md.  Our own code.
 *
 * Conventions of these programs (see EXPECTED.md):
 *  - cell dep 0 (source 3, index 0) is the program's own ELF: children are the same ELF,
 *    told apart by argv[0] (a role name starting with a letter);
 *  - the root VM is the one with process id 0; it normally runs with no arguments (as in
 *    CKB), some programs take one decimal case number as their only argument;
 *  - a failed check exits with its number (check()); 0 = every check passed. */
#ifndef SPAWN_H
#define SPAWN_H
#include "../ckb.h"

#define SYS_EXEC 2043
#define SYS_LOAD_CELL_DATA 2092
#define SYS_LOAD_BLOCK_EXTENSION 2104
#define SYS_SPAWN 2601
#define SYS_WAIT 2602
#define SYS_PROCESS_ID 2603
#define SYS_PIPE 2604
#define SYS_WRITE 2605
#define SYS_READ 2606
#define SYS_INHERITED_FDS 2607
#define SYS_CLOSE 2608

#define CKB_SUCCESS 0
#define CKB_INDEX_OUT_OF_BOUND 1
#define CKB_ITEM_MISSING 2
#define CKB_SLICE_OUT_OF_BOUND 3
#define CKB_WRONG_FORMAT 4
#define CKB_WAIT_FAILURE 5
#define CKB_INVALID_FD 6
#define CKB_OTHER_END_CLOSED 7
#define CKB_MAX_VMS_SPAWNED 8
#define CKB_MAX_FDS_CREATED 9

#define SRC_INPUT 1UL
#define SRC_OUTPUT 2UL
#define SRC_CELL_DEP 3UL
#define SRC_HEADER_DEP 4UL
#define SRC_GROUP 0x0100000000000000UL
#define PLACE_CELL_DATA 0
#define PLACE_WITNESS 1

static inline long sys6(long n, long a0, long a1, long a2, long a3, long a4, long a5) {
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

/* The block spawn reads through a4: argc, argv, where to store the new process id, and a
 * 0-terminated list of fds to hand over (or a null pointer for none). */
typedef struct {
    uint64_t argc;
    const char **argv;
    uint64_t *process_id;
    const uint64_t *inherited_fds;
} spawn_args_t;

/* bounds: offset in the high 32 bits, length in the low 32 bits (0 = to the end). */
static inline long ckb_spawn(uint64_t index, uint64_t source, uint64_t place, uint64_t bounds,
                             spawn_args_t *spgs) {
    return sys6(SYS_SPAWN, (long)index, (long)source, (long)place, (long)bounds, (long)spgs, 0);
}
static inline long ckb_wait(uint64_t pid, int8_t *exit_code) {
    return sys6(SYS_WAIT, (long)pid, (long)exit_code, 0, 0, 0, 0);
}
static inline uint64_t ckb_process_id(void) { return (uint64_t)sys6(SYS_PROCESS_ID, 0, 0, 0, 0, 0, 0); }
/* fds[0] = read end (even), fds[1] = write end (odd) */
static inline long ckb_pipe(uint64_t fds[2]) { return sys6(SYS_PIPE, (long)fds, 0, 0, 0, 0, 0); }
static inline long ckb_write(uint64_t fd, const void *buf, uint64_t *len) {
    return sys6(SYS_WRITE, (long)fd, (long)buf, (long)len, 0, 0, 0);
}
static inline long ckb_read(uint64_t fd, void *buf, uint64_t *len) {
    return sys6(SYS_READ, (long)fd, (long)buf, (long)len, 0, 0, 0);
}
static inline long ckb_inherited_fds(uint64_t *fds, uint64_t *len) {
    return sys6(SYS_INHERITED_FDS, (long)fds, (long)len, 0, 0, 0, 0);
}
static inline long ckb_close(uint64_t fd) { return sys6(SYS_CLOSE, (long)fd, 0, 0, 0, 0, 0); }
static inline long ckb_exec(uint64_t index, uint64_t source, uint64_t place, uint64_t bounds, uint64_t argc,
                            const char **argv) {
    return sys6(SYS_EXEC, (long)index, (long)source, (long)place, (long)bounds, (long)argc, (long)argv);
}
static inline long ckb_load_block_extension(void *addr, uint64_t *len, uint64_t offset, uint64_t index,
                                            uint64_t source) {
    return sys6(SYS_LOAD_BLOCK_EXTENSION, (long)addr, (long)len, (long)offset, (long)index, (long)source, 0);
}
static inline long ckb_load_cell_data(void *addr, uint64_t *len, uint64_t offset, uint64_t index,
                                      uint64_t source) {
    return sys6(SYS_LOAD_CELL_DATA, (long)addr, (long)len, (long)offset, (long)index, (long)source, 0);
}

/* ---- helpers ---- */

/* exit with code n unless cond holds */
static inline void check(int n, int cond) {
    if (!cond) ckb_exit((int8_t)n);
}

static inline int str_eq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/* decimal with optional leading '-' */
static inline long to_long(const char *p) {
    long sign = 1, v = 0;
    if (*p == '-') sign = -1, p++;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return sign * v;
}

/* writes v (0..99999) as exactly `width` decimal digits plus NUL into buf */
static inline void fmt_dec(char *buf, unsigned long v, int width) {
    buf[width] = 0;
    for (int i = width - 1; i >= 0; i--) buf[i] = (char)('0' + v % 10), v /= 10;
}

/* role of this VM: argv[0] when it starts with a letter, else "" (the root) */
static inline const char *role(int argc, char **argv) {
    if (argc > 0 && ((argv[0][0] >= 'a' && argv[0][0] <= 'z') || (argv[0][0] >= 'A' && argv[0][0] <= 'Z')))
        return argv[0];
    return "";
}

/* spawn cell dep 0 (this ELF) with the given argv and fds (fds: 0-terminated list or 0) */
static inline long spawn_self(uint64_t argc, const char **argv, const uint64_t *fds, uint64_t *pid) {
    spawn_args_t a = {argc, argv, pid, fds};
    return ckb_spawn(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, &a);
}

/* write all n bytes (one write call completes only when everything is consumed) */
static inline long write_all(uint64_t fd, const void *buf, uint64_t n, uint64_t *written) {
    uint64_t len = n;
    long err = ckb_write(fd, buf, &len);
    *written = len;
    return err;
}

/* read until n bytes arrived, `chunk` bytes at most per call; stops early when a read
 * returns 0 bytes (write end closed while waiting) or OTHER_END_CLOSED */
static inline long read_exact(uint64_t fd, uint8_t *buf, uint64_t n, uint64_t chunk, uint64_t *got) {
    uint64_t done = 0;
    while (done < n) {
        uint64_t len = n - done < chunk ? n - done : chunk;
        long err = ckb_read(fd, buf + done, &len);
        if (err == CKB_OTHER_END_CLOSED) break;
        if (err != 0) { *got = done; return err; }
        if (len == 0) break;
        done += len;
    }
    *got = done;
    return 0;
}
#endif
