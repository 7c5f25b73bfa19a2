/* spawn_inherited_fds - fds handed over by spawn (CKB tests check_spawn_inherited_fds,
 * check_spawn_inherited_fds_without_owner, check_root_inherited_fds, rewritten).
 * Root: no arguments.  Child "kid" gets fds {3, 4, 7}. */
#include "spawn.h"

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "kid")) {
        uint64_t fds[8] = {111, 111, 111, 111, 111, 111, 111, 111}, n = 0;
        check(40, ckb_inherited_fds(0, &n) == 0); /* length only */
        check(41, n == 3);
        n = 1;
        check(42, ckb_inherited_fds(fds, &n) == 0); /* room for one: one copied, full count back */
        check(43, n == 3 && fds[0] == 3 && fds[1] == 111);
        n = 8;
        check(44, ckb_inherited_fds(fds, &n) == 0);
        check(45, n == 3 && fds[0] == 3 && fds[1] == 4 && fds[2] == 7 && fds[3] == 111);
        check(46, ckb_close(4) == 0);
        n = 8;
        check(47, ckb_inherited_fds(fds, &n) == 0); /* still the list given at spawn */
        check(48, n == 3 && fds[1] == 4);
        check(49, ckb_close(4) == CKB_INVALID_FD);
        return 0;
    }
    uint64_t buf[4] = {111, 111, 111, 111}, n = 4, p[3][2], pid = 777;
    check(1, ckb_inherited_fds(buf, &n) == 0); /* the root inherits nothing */
    check(2, n == 0 && buf[0] == 111);
    for (int i = 0; i < 3; i++) {
        check(3, ckb_pipe(p[i]) == 0);
        check(4, p[i][0] == (uint64_t)(2 + 2 * i) && p[i][1] == (uint64_t)(3 + 2 * i));
    }
    const char *kid[] = {"kid"};
    uint64_t not_mine[] = {2, 99, 0};
    check(5, spawn_self(1, kid, not_mine, &pid) == CKB_INVALID_FD);
    check(6, pid == 777);
    uint64_t give[] = {3, 4, 7, 0};
    check(7, spawn_self(1, kid, give, &pid) == 0);
    check(8, pid == 1); /* the refused spawn used no id */
    uint64_t again[] = {3, 0};
    uint64_t pid2 = 777;
    check(9, spawn_self(1, kid, again, &pid2) == CKB_INVALID_FD); /* 3 belongs to the child now */
    check(10, pid2 == 777);
    check(11, ckb_close(3) == CKB_INVALID_FD);
    check(12, ckb_close(2) == 0);
    int8_t code = 99;
    check(13, ckb_wait(pid, &code) == 0);
    check(14, code == 0);
    /* the child's fds went away with it: 4 (read end of 4/5) no longer exists */
    uint64_t len = 1;
    check(15, ckb_write(5, "z", &len) == CKB_OTHER_END_CLOSED);
    return 0;
}
