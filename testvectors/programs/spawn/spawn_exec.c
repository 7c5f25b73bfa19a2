/* spawn_exec - exec (2043, ExecV2 on script version 2): the VM keeps its id and its fds,
 * its program is replaced by cell dep 0 again with new argv; exec does not return.
 *   root -> refused execs (INDEX_OUT_OF_BOUND, no VM error) -> child "execkid" execs into
 *   "kid2" (exit 33, seen by the root's wait) -> root execs "stage2" hello "" "2 3" ->
 *   stage2 execs "stage3" with a length one past the end (clamped) -> stage3 exits 0. */
#include "spawn.h"

static uint8_t scratch[16];

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    if (str_eq(r, "kid2")) {
        check(60, ckb_process_id() == 1);
        check(61, argc == 2 && str_eq(argv[1], "x"));
        return 33;
    }
    if (str_eq(r, "execkid")) {
        const char *a[] = {"kid2", "x"};
        ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 2, a);
        return 62; /* not reached */
    }
    if (str_eq(r, "stage3")) {
        check(70, argc == 1 && argv[1] == 0);
        check(71, ckb_process_id() == 0);
        return 0;
    }
    if (str_eq(r, "stage2")) {
        check(20, ckb_process_id() == 0);
        check(21, argc == 4);
        check(22, str_eq(argv[1], "hello") && str_eq(argv[2], "") && str_eq(argv[3], "2 3"));
        check(23, argv[4] == 0);
        uint64_t n = 4, fds[4];
        check(24, ckb_inherited_fds(fds, &n) == 0 && n == 0);
        check(25, ckb_close(2) == 0 && ckb_close(3) == 0); /* the pipe made before exec */
        uint64_t len = 0;
        check(26, ckb_load_cell_data(scratch, &len, 0, 0, SRC_CELL_DEP) == 0);
        const char *a[] = {"stage3"};
        ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, len + 1, 1, a);
        return 27; /* not reached */
    }
    const char *a[] = {"stage2", "hello", "", "2 3"};
    /* refused before anything happens: the ecall's 500 cycles only */
    check(1, ckb_exec(0, SRC_HEADER_DEP, PLACE_CELL_DATA, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(2, ckb_exec(0, SRC_CELL_DEP, 2, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(3, ckb_exec(1UL << 32, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(4, ckb_exec(0, 0x0200000000000003UL, PLACE_CELL_DATA, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(5, ckb_exec(0, 5, PLACE_CELL_DATA, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(6, ckb_exec(0, SRC_GROUP | SRC_CELL_DEP, PLACE_CELL_DATA, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    check(7, ckb_exec(0, SRC_CELL_DEP, PLACE_WITNESS, 0, 4, a) == CKB_INDEX_OUT_OF_BOUND);
    uint64_t p[2], pid = 0;
    int8_t code = 0;
    check(8, ckb_pipe(p) == 0 && p[0] == 2 && p[1] == 3);
    const char *k[] = {"execkid"};
    check(9, spawn_self(1, k, 0, &pid) == 0 && pid == 1);
    check(10, ckb_wait(pid, &code) == 0 && code == 33);
    ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 4, a);
    return 11; /* not reached */
}
