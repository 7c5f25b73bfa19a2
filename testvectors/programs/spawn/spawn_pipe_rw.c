/* spawn_pipe_rw - two pipes between root and child, data checked both ways (CKB test
 * check_spawn_simple_read_write, rewritten).  The root writes 100 bytes in one write; the
 * child reads them 7 bytes at a time (15 rendezvous), xors them with 0x5a and writes them
 * back in one write; the root reads them 33 bytes at a time (4 rendezvous).
 * Root: no arguments.  Child: "echo" (fds: to-child read end, to-parent write end). */
#include "spawn.h"

static uint8_t out[100], back[100];

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "echo")) {
        uint64_t fds[2] = {0, 0}, n = 2, got = 0, w = 0;
        check(40, ckb_inherited_fds(fds, &n) == 0);
        check(41, n == 2 && fds[0] == 2 && fds[1] == 5);
        check(42, read_exact(fds[0], back, 100, 7, &got) == 0);
        check(43, got == 100);
        for (int i = 0; i < 100; i++) back[i] ^= 0x5a;
        check(44, write_all(fds[1], back, 100, &w) == 0);
        check(45, w == 100);
        return 0;
    }
    uint64_t to_child[2], to_parent[2], pid = 0, n = 0;
    check(1, ckb_pipe(to_child) == 0);
    check(2, to_child[0] == 2 && to_child[1] == 3);
    check(3, ckb_pipe(to_parent) == 0);
    check(4, to_parent[0] == 4 && to_parent[1] == 5);
    uint64_t inherited[3] = {to_child[0], to_parent[1], 0};
    const char *argv1[] = {"echo"};
    check(5, spawn_self(1, argv1, inherited, &pid) == 0);
    check(6, pid == 1);
    for (int i = 0; i < 100; i++) out[i] = (uint8_t)(i * 7 + 1);
    check(7, write_all(to_child[1], out, 100, &n) == 0);
    check(8, n == 100);
    check(9, read_exact(to_parent[0], back, 100, 33, &n) == 0);
    check(10, n == 100);
    for (int i = 0; i < 100; i++) check(11, back[i] == (uint8_t)(out[i] ^ 0x5a));
    int8_t code = 99;
    check(12, ckb_wait(pid, &code) == 0);
    check(13, code == 0);
    return 0;
}
