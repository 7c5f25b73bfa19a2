/* spawn_cycles - what current_cycles sees around each syscall when VMs are suspended and
 * resumed (CKB test check_spawn_cycles, whose program checks the same windows; the
 * sequence of operations is the same, the code is ours).  Each window must lie in
 * [floor, floor + 8192): floor = 500 (the ecall) + 800 (the yield charge) + 100000 per
 * spawn and per VM suspended or resumed on the way; the slack covers the instructions and
 * the children that ran in between.  With 4 children and at most 4 instantiated VMs:
 *   spawn 1..3: +1 (the spawn)        spawn 4: +4 (spawn, suspend 0, suspend 1, resume 0)
 *   write to 1, 2: +2 (suspend one, resume the reader)   write to 3, 4: +0
 *   read from 1: +2   read from 2: +1 (a slot is free)   read from 3, 4, waits, closes: +0
 * A window outside its range exits with 10 + the window's number.
 * Root: no arguments.  Children: "c" (fds: read end from the root, write end to it). */
#include "spawn.h"

static uint64_t last;
static int window;
static uint8_t buf[1024];

static void tic(uint64_t extra) {
    uint64_t now = ckb_current_cycles(), d = now - last;
    uint64_t floor = 500 + 800 + 100000 * extra;
    window++;
    check(10 + window, d > floor && d < floor + 8192);
    last = ckb_current_cycles();
}

/* read until the other end is closed */
static uint64_t read_all(uint64_t fd) {
    uint64_t got = 0;
    for (;;) {
        uint64_t len = sizeof buf - got;
        long err = ckb_read(fd, buf + got, &len);
        if (err == CKB_OTHER_END_CLOSED) return got;
        check(3, err == 0);
        got += len;
    }
}

int main(int argc, char **argv) {
    uint64_t len;
    if (str_eq(role(argc, argv), "c")) {
        uint64_t fds[2], n = 2;
        check(4, ckb_inherited_fds(fds, &n) == 0 && n == 2);
        len = read_all(fds[0]);
        check(5, len == 12 && memcmp(buf, "Hello World!", 12) == 0);
        check(6, ckb_write(fds[1], buf, &len) == 0 && len == 12);
        check(7, ckb_close(fds[1]) == 0);
        return 0;
    }
    uint64_t from_child[5][2], to_child[5][2], pid[5];
    const char *c[] = {"c"};
    last = ckb_current_cycles();
    for (int i = 1; i <= 4; i++) {
        check(1, ckb_pipe(from_child[i]) == 0);
        tic(0);
        check(1, ckb_pipe(to_child[i]) == 0);
        tic(0);
    }
    for (int i = 1; i <= 4; i++) {
        uint64_t give[3] = {to_child[i][0], from_child[i][1], 0};
        check(2, spawn_self(1, c, give, &pid[i]) == 0);
        tic(i < 4 ? 1 : 4);
    }
    for (int i = 1; i <= 4; i++) {
        len = 12;
        check(8, ckb_write(to_child[i][1], "Hello World!", &len) == 0 && len == 12);
        tic(i < 3 ? 2 : 0);
        check(8, ckb_close(to_child[i][1]) == 0);
        tic(0);
    }
    for (int i = 1; i <= 4; i++) {
        len = read_all(from_child[i][0]);
        tic(i == 1 ? 2 : i == 2 ? 1 : 0);
        check(9, len == 12 && memcmp(buf, "Hello World!", 12) == 0);
    }
    for (int i = 1; i <= 4; i++) {
        int8_t code = 99;
        check(10, ckb_wait(pid[i], &code) == 0 && code == 0);
        tic(0);
    }
    return 0;
}
