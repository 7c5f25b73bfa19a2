/* spawn_max_vms - at most 17 VMs at once (the root and 16 spawned ones): the 17th spawn is
 * refused with MAX_VMS_SPAWNED (CKB test check_spawn_max_vms_count, rewritten).  Every child
 * waits for the root and so stays alive; the root's exit ends them all.
 * Root: no arguments.  Children: "hold". */
#include "spawn.h"

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "hold")) {
        int8_t code = 0;
        ckb_wait(0, &code); /* blocks until the run ends */
        return 40;
    }
    const char *hold[] = {"hold"};
    uint64_t pid = 0;
    for (uint64_t i = 1; i <= 16; i++) {
        check(1, spawn_self(1, hold, 0, &pid) == 0);
        check(2, pid == i);
    }
    pid = 777;
    check(3, spawn_self(1, hold, 0, &pid) == CKB_MAX_VMS_SPAWNED);
    check(4, pid == 777);
    check(5, spawn_self(1, hold, 0, &pid) == CKB_MAX_VMS_SPAWNED);
    return 0;
}
