/* spawn_invalid_fd - INVALID_FD (CKB test check_spawn_invalid_fd, rewritten).  An fd of
 * the wrong parity for the call (read needs an even fd, write an odd one) is refused by the
 * syscall itself (500 cycles, no yield); any other fd the caller does not own is refused by
 * the scheduler (500 + 800).  Root: no arguments.  Child "idle" exits 0 at once. */
#include "spawn.h"

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "idle")) return 0;
    uint8_t data[4];
    uint64_t len = 4, p[2], pid = 0;
    check(1, ckb_read(0xff, data, &len) == CKB_INVALID_FD);  /* odd: refused by read itself */
    check(2, ckb_write(0xff, data, &len) == CKB_INVALID_FD); /* odd: scheduler, not owned */
    check(3, ckb_read(0xfe, data, &len) == CKB_INVALID_FD);  /* even: scheduler, not owned */
    check(4, ckb_write(0xfe, data, &len) == CKB_INVALID_FD); /* even: refused by write itself */
    check(5, ckb_read(0, data, &len) == CKB_INVALID_FD);
    check(6, ckb_write(1, data, &len) == CKB_INVALID_FD);
    check(7, len == 4);
    check(8, ckb_pipe(p) == 0 && p[0] == 2 && p[1] == 3);
    check(9, ckb_read(p[1], data, &len) == CKB_INVALID_FD);  /* read on the write end */
    check(10, ckb_write(p[0], data, &len) == CKB_INVALID_FD); /* write on the read end */
    uint64_t give[] = {2, 0};
    const char *idle[] = {"idle"};
    check(11, spawn_self(1, idle, give, &pid) == 0 && pid == 1);
    check(12, ckb_read(2, data, &len) == CKB_INVALID_FD); /* handed over, then gone with the child */
    check(13, ckb_write(3, data, &len) == CKB_OTHER_END_CLOSED);
    int8_t code = 99;
    check(14, ckb_wait(pid, &code) == 0 && code == 0);
    return 0;
}
