/* spawn_wait_twice - two waits on one child both succeed when the first waiter was blocked
 * in wait when the child ended (Scheduler::iterate_process_results wakes the waiters but
 * keeps the exit code for one more wait).  Read from the code, no CKB test.
 * Root: no arguments.  "reader" (pid 1) blocks reading fd 2 then exits 7; "waiter" (pid 2)
 * waits for pid 1 and exits 9 when it got 7. */
#include "spawn.h"

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    int8_t code = 0;
    if (str_eq(r, "reader")) {
        uint64_t fd = 0, n = 1, len = 1;
        uint8_t c = 0;
        check(40, ckb_inherited_fds(&fd, &n) == 0 && fd == 2);
        check(41, ckb_read(fd, &c, &len) == 0 && len == 1 && c == 'x');
        return 7;
    }
    if (str_eq(r, "waiter")) {
        check(50, ckb_wait(1, &code) == 0);
        check(51, code == 7);
        return 9;
    }
    uint64_t p[2], pid = 0, len = 1;
    check(1, ckb_pipe(p) == 0);
    uint64_t give[] = {2, 0};
    const char *reader[] = {"reader"};
    check(2, spawn_self(1, reader, give, &pid) == 0 && pid == 1);
    const char *waiter[] = {"waiter"};
    check(3, spawn_self(1, waiter, 0, &pid) == 0 && pid == 2);
    check(4, ckb_write(3, "x", &len) == 0 && len == 1);
    code = 0;
    check(5, ckb_wait(1, &code) == 0 && code == 7); /* the second successful wait on VM 1 */
    code = 55;
    check(6, ckb_wait(1, &code) == CKB_WAIT_FAILURE && code == 55);
    check(7, ckb_wait(2, &code) == 0 && code == 9);
    return 0;
}
