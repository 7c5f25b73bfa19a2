/* spawn_process_id - process ids (CKB test check_spawn_pid, rewritten): the root is 0,
 * spawned VMs get 1, 2, 3 ... in spawn order across the whole tree; spawn stores the id.
 * Root: no arguments.  "mid" spawns a "leaf" and exits with 10 * own id + leaf's code;
 * "leaf" exits with its own id. */
#include "spawn.h"

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    if (str_eq(r, "leaf")) return (int)ckb_process_id();
    if (str_eq(r, "mid")) {
        uint64_t me = ckb_process_id(), pid = 0;
        int8_t code = 0;
        const char *leaf[] = {"leaf"};
        check(50, spawn_self(1, leaf, 0, &pid) == 0);
        check(51, pid == me + 1);
        check(52, ckb_wait(pid, &code) == 0);
        return (int)(10 * me) + code;
    }
    check(1, ckb_process_id() == 0);
    uint64_t pid = 0;
    int8_t code = 0;
    const char *mid[] = {"mid"};
    check(2, spawn_self(1, mid, 0, &pid) == 0);
    check(3, pid == 1);
    check(4, ckb_wait(pid, &code) == 0);
    check(5, code == 12);
    const char *leaf[] = {"leaf"};
    check(6, spawn_self(1, leaf, 0, &pid) == 0);
    check(7, pid == 3);
    check(8, ckb_wait(pid, &code) == 0);
    check(9, code == 3);
    check(10, ckb_process_id() == 0);
    return 0;
}
