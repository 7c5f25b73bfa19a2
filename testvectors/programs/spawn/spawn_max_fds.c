/* spawn_max_fds - pipe is refused with MAX_FDS_CREATED once 64 or more fds are open in the
 * whole VM tree (CKB test check_spawn_max_fds_limit, rewritten).  The check is made before a
 * pipe adds its two fds, so 63 open fds + one pipe = 65.  fd numbers are never reused.
 * Root: no arguments.  Children: "full" (expects the limit), "one" (gets one pipe). */
#include "spawn.h"

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    uint64_t p[2] = {111, 111};
    if (str_eq(r, "full")) {
        check(40, ckb_pipe(p) == CKB_MAX_FDS_CREATED);
        return 0;
    }
    if (str_eq(r, "one")) {
        check(50, ckb_pipe(p) == 0 && p[0] == 68 && p[1] == 69);
        check(51, ckb_pipe(p) == CKB_MAX_FDS_CREATED);
        return 0; /* its two fds are closed when it ends */
    }
    for (uint64_t i = 0; i < 32; i++) {
        check(1, ckb_pipe(p) == 0);
        check(2, p[0] == 2 + 2 * i && p[1] == 3 + 2 * i);
    }
    p[0] = p[1] = 111;
    check(3, ckb_pipe(p) == CKB_MAX_FDS_CREATED); /* 64 open */
    check(4, p[0] == 111 && p[1] == 111);
    check(5, ckb_close(2) == 0);                   /* 63 open */
    check(6, ckb_pipe(p) == 0 && p[0] == 66 && p[1] == 67); /* 65 open */
    check(7, ckb_pipe(p) == CKB_MAX_FDS_CREATED);
    uint64_t pid = 0;
    int8_t code = 99;
    const char *full[] = {"full"};
    check(8, spawn_self(1, full, 0, &pid) == 0 && pid == 1);
    check(9, ckb_wait(pid, &code) == 0 && code == 0);
    check(10, ckb_close(3) == 0 && ckb_close(4) == 0 && ckb_close(5) == 0); /* 62 open */
    const char *one[] = {"one"};
    code = 99;
    check(11, spawn_self(1, one, 0, &pid) == 0 && pid == 2);
    check(12, ckb_wait(pid, &code) == 0 && code == 0);
    check(13, ckb_pipe(p) == 0 && p[0] == 70 && p[1] == 71); /* 64 open again */
    check(14, ckb_pipe(p) == CKB_MAX_FDS_CREATED);
    return 0;
}
