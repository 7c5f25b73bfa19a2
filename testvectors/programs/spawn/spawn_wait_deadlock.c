/* spawn_wait_deadlock - the child waits for the root and the root for the child: a
 * deadlock, the script fails (CKB test check_spawn_wait_dead_lock, rewritten).
 * Root: no arguments.  Child "w". */
#include "spawn.h"

int main(int argc, char **argv) {
    int8_t code = 0;
    if (str_eq(role(argc, argv), "w")) {
        ckb_wait(0, &code);
        return 40; /* not reached */
    }
    uint64_t pid = 0;
    const char *w[] = {"w"};
    check(1, spawn_self(1, w, 0, &pid) == 0 && pid == 1);
    ckb_wait(pid, &code);
    return 2; /* not reached */
}
