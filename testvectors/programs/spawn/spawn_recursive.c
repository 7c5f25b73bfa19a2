/* spawn_recursive - a program spawning itself 8 levels deep ("rec" D spawns "rec" D+1,
 * waits, and exits with the child's code + 1; level 8 exits 0).  Nine VMs are alive at the
 * deepest point, so VMs are suspended and resumed (at most 4 instantiated).
 * Root: no arguments; exits 0 when level 1 reported 7. */
#include "spawn.h"

#define DEPTH 8

int main(int argc, char **argv) {
    uint64_t pid = 0, me = ckb_process_id();
    int8_t code = 0;
    char next[8];
    if (str_eq(role(argc, argv), "rec")) {
        long d = to_long(argv[1]);
        check(40, me == (uint64_t)d);
        if (d == DEPTH) return 0;
        fmt_dec(next, (unsigned long)d + 1, 1);
        const char *a[] = {"rec", next};
        check(41, spawn_self(2, a, 0, &pid) == 0 && pid == me + 1);
        check(42, ckb_wait(pid, &code) == 0);
        return code + 1;
    }
    const char *a[] = {"rec", "1"};
    check(1, spawn_self(2, a, 0, &pid) == 0 && pid == 1);
    check(2, ckb_wait(pid, &code) == 0);
    check(3, code == DEPTH - 1);
    return 0;
}
