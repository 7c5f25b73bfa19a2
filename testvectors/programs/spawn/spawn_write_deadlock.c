/* spawn_write_deadlock - root and child both write and nobody reads: the scheduler finds no
 * runnable VM and fails the script (CKB test check_spawn_write_dead_lock, rewritten).
 * Root: no arguments.  Child "w". */
#include "spawn.h"

int main(int argc, char **argv) {
    uint8_t data[10] = {0};
    uint64_t len = 10;
    if (str_eq(role(argc, argv), "w")) {
        uint64_t fds[2], n = 2;
        check(40, ckb_inherited_fds(fds, &n) == 0 && n == 2);
        ckb_write(fds[1], data, &len);
        return 41; /* not reached */
    }
    uint64_t a[2], b[2], pid = 0;
    check(1, ckb_pipe(a) == 0 && ckb_pipe(b) == 0);
    uint64_t give[] = {a[0], b[1], 0};
    const char *w[] = {"w"};
    check(2, spawn_self(1, w, give, &pid) == 0);
    ckb_write(a[1], data, &len);
    return 3; /* not reached */
}
