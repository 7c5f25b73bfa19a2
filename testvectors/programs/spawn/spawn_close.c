/* spawn_close - close and closed pipes (CKB tests check_spawn_close_invalid_fd,
 * check_spawn_read_then_close, check_spawn_read_write_with_close,
 * check_spawn_write_closed_fd, rewritten).
 * Root: no arguments.  Children: "reader" (fd 6), "writer" (fd 9). */
#include "spawn.h"

static uint8_t buf[100];

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    if (str_eq(r, "reader")) {
        uint64_t fd = 0, n = 1;
        check(40, ckb_inherited_fds(&fd, &n) == 0 && fd == 6);
        uint64_t len = 8;
        /* blocks; the root then closes the write end: the read ends with 0 bytes */
        check(41, ckb_read(fd, buf, &len) == 0);
        check(42, len == 0);
        len = 8;
        check(43, ckb_read(fd, buf, &len) == CKB_OTHER_END_CLOSED);
        return 0;
    }
    if (str_eq(r, "writer")) {
        uint64_t fd = 0, n = 1;
        check(50, ckb_inherited_fds(&fd, &n) == 0 && fd == 9);
        uint64_t len = 100;
        /* blocks; the root reads 10 bytes then closes the read end: the write ends
         * successfully with the count consumed so far */
        check(51, ckb_write(fd, buf, &len) == 0);
        check(52, len == 10);
        len = 1;
        check(53, ckb_write(fd, buf, &len) == CKB_OTHER_END_CLOSED);
        return 0;
    }
    uint64_t p[2], len;
    /* read end closed first */
    check(1, ckb_pipe(p) == 0 && p[0] == 2 && p[1] == 3);
    check(2, ckb_close(3) == 0);
    len = 4;
    check(3, ckb_read(2, buf, &len) == CKB_OTHER_END_CLOSED);
    check(4, ckb_write(3, buf, &len) == CKB_INVALID_FD); /* closed: no longer ours */
    check(5, ckb_close(2) == 0);
    check(6, ckb_close(2) == CKB_INVALID_FD);
    check(7, ckb_close(3) == CKB_INVALID_FD);
    /* write end left, read end closed */
    check(8, ckb_pipe(p) == 0 && p[0] == 4 && p[1] == 5);
    check(9, ckb_close(4) == 0);
    len = 4;
    check(10, ckb_write(5, buf, &len) == CKB_OTHER_END_CLOSED);
    check(11, ckb_close(5) == 0);
    /* never-created fds */
    check(12, ckb_close(0) == CKB_INVALID_FD);
    check(13, ckb_close(1) == CKB_INVALID_FD);
    check(14, ckb_close(4 + 32) == CKB_INVALID_FD);

    /* a blocked reader sees the close of the write end */
    uint64_t pid = 0;
    int8_t code = 99;
    check(15, ckb_pipe(p) == 0 && p[0] == 6 && p[1] == 7);
    uint64_t give_r[] = {6, 0};
    const char *reader[] = {"reader"};
    check(16, spawn_self(1, reader, give_r, &pid) == 0 && pid == 1);
    check(17, ckb_close(7) == 0);
    check(18, ckb_wait(1, &code) == 0 && code == 0);

    /* a blocked writer sees the close of the read end */
    check(19, ckb_pipe(p) == 0 && p[0] == 8 && p[1] == 9);
    uint64_t give_w[] = {9, 0};
    const char *writer[] = {"writer"};
    check(20, spawn_self(1, writer, give_w, &pid) == 0 && pid == 2);
    len = 10;
    check(21, ckb_read(8, buf, &len) == 0 && len == 10);
    check(22, ckb_close(8) == 0);
    code = 99;
    check(23, ckb_wait(2, &code) == 0 && code == 0);
    return 0;
}
