/* spawn_io - the cost of moving bytes through a pipe (CKB test check_spawn_io_cycles,
 * rewritten): the child writes N bytes in one write, the root reads them in one read, one
 * rendezvous, ceil(N/4) charged to each side.  N is the root's only argument, exactly 4
 * digits (e.g. 0128 and 1152), so that the instructions executed do not depend on N: the
 * two runs differ by exactly 2 * (ceil(1152/4) - ceil(128/4)) = 512 cycles.
 * Child: "io" NNNN with fd 3 (write end). */
#include "spawn.h"

static uint8_t buf[4096];

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "io")) {
        uint64_t fd = 0, n = 1, len = (uint64_t)to_long(argv[1]);
        check(40, ckb_inherited_fds(&fd, &n) == 0 && fd == 3);
        check(41, ckb_write(fd, buf, &len) == 0);
        return 0;
    }
    check(1, argc == 1);
    uint64_t size = (uint64_t)to_long(argv[0]), p[2], pid = 0, len = size;
    check(2, size <= sizeof buf);
    check(3, ckb_pipe(p) == 0);
    uint64_t give[] = {3, 0};
    const char *a[] = {"io", argv[0]};
    check(4, spawn_self(2, a, give, &pid) == 0);
    check(5, ckb_read(2, buf, &len) == 0);
    check(6, len == size);
    int8_t code = 99;
    check(7, ckb_wait(pid, &code) == 0 && code == 0);
    return 0;
}
