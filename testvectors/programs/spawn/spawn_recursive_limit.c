/* spawn_recursive_limit - a program spawning itself until the VM limit: VM 16 is the first
 * whose spawn fails with MAX_VMS_SPAWNED (8); it exits 8 and every level passes the code up,
 * so the script fails with exit code 8 (CKB test check_spawn_recursive asserts
 * "error code 8"; rewritten).  Any other outcome at any level exits 99 or 98. */
#include "spawn.h"

int main(void) {
    uint64_t pid = 0, me = ckb_process_id();
    int8_t code = 0;
    const char *a[] = {"rec"};
    long err = spawn_self(1, a, 0, &pid);
    if (err == CKB_MAX_VMS_SPAWNED) return me == 16 ? 8 : 99;
    if (err != 0 || pid != me + 1) return 98;
    if (ckb_wait(pid, &code) != 0) return 97;
    return code;
}
