/* spawn_wait_errors - WAIT_FAILURE and the root's exit ending everything (CKB test
 * check_spawn_wait_multiple, rewritten, plus cases read from the scheduler):
 *   - waiting for an id that does not exist (yet) is WAIT_FAILURE, the byte is not written;
 *   - a terminated child can be waited for once, the second wait is WAIT_FAILURE;
 *   - a child blocked forever (waiting for itself) does not stop the root from exiting 0.
 * Root: no arguments.  Children: "exit" N, "selfwait". */
#include "spawn.h"

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    int8_t code = 55;
    if (str_eq(r, "exit")) return (int)to_long(argv[1]);
    if (str_eq(r, "selfwait")) {
        ckb_wait(ckb_process_id(), &code);
        return 70; /* not reached */
    }
    uint64_t pid = 0;
    check(1, ckb_wait(99, &code) == CKB_WAIT_FAILURE);
    check(2, ckb_wait(1, &code) == CKB_WAIT_FAILURE);
    check(3, code == 55);
    const char *e5[] = {"exit", "5"};
    check(4, spawn_self(2, e5, 0, &pid) == 0 && pid == 1);
    check(5, ckb_wait(1, &code) == 0 && code == 5);
    code = 55;
    check(6, ckb_wait(1, &code) == CKB_WAIT_FAILURE && code == 55);
    const char *sw[] = {"selfwait"};
    check(7, spawn_self(1, sw, 0, &pid) == 0 && pid == 2);
    const char *e6[] = {"exit", "6"};
    check(8, spawn_self(2, e6, 0, &pid) == 0 && pid == 3);
    check(9, ckb_wait(3, &code) == 0 && code == 6);
    return 0; /* VM 2 is still blocked: the root's exit ends the run */
}
