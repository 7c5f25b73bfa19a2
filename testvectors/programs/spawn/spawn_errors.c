/* spawn_errors - spawn's own return codes (CKB tests check_spawn_offset_out_of_bound,
 * check_spawn_length_out_of_bound, check_spawn_invaild_index, check_spawn_index_out_of_bound,
 * rewritten, plus cases read from Spawn::ecall) and, with one argument, spawn failures that
 * are VM errors:
 *   1  source 5 (no such source entry)        -> External
 *   2  cell dep 1 is not an ELF               -> ElfParseError (when the child is booted)
 *   3  the child executes an illegal insn     -> InvalidInstruction (a child's VM error
 *                                                fails the whole script)
 *   4  the spawn argument block is unmapped   -> MemOutOfBound
 * Sources: cell dep 0 = this ELF, cell dep 1 = a data blob (not an ELF).
 * Children: "exit" N, "crash". */
#include "spawn.h"

static uint8_t scratch[16];

static long sp(uint64_t index, uint64_t source, uint64_t place, uint64_t bounds, uint64_t *pid) {
    const char *a[] = {"exit", "1"};
    spawn_args_t s = {2, a, pid, 0};
    return ckb_spawn(index, source, place, bounds, &s);
}

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    if (str_eq(r, "exit")) return (int)to_long(argv[1]);
    if (str_eq(r, "crash")) {
        __asm__ volatile(".word 0");
        return 0;
    }
    unsigned long c = arg_number(argc, argv, 0);
    uint64_t pid = 777;
    if (c == 1) sp(0, 5, PLACE_CELL_DATA, 0, &pid);
    if (c == 2) sp(1, SRC_CELL_DEP, PLACE_CELL_DATA, 0, &pid);
    if (c == 3) {
        const char *a[] = {"crash"};
        spawn_self(1, a, 0, &pid);
        return 0; /* the child fails first: it runs before the root resumes */
    }
    if (c == 4) ckb_spawn(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, (spawn_args_t *)0xfffffffff000UL);
    if (c != 0) return 50 + (int)c; /* not reached */

    uint64_t len = 0;
    check(1, ckb_load_cell_data(scratch, &len, 0, 0, SRC_CELL_DEP) == 0);
    /* refused in the syscall (500 cycles, no yield, no id used) */
    check(2, sp(0xFFFFFFFFFUL, SRC_CELL_DEP, PLACE_CELL_DATA, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(3, sp(2, SRC_CELL_DEP, PLACE_CELL_DATA, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(4, sp(0, SRC_CELL_DEP, PLACE_CELL_DATA, (1UL << 30) << 32, &pid) == CKB_SLICE_OUT_OF_BOUND);
    check(5, sp(0, SRC_CELL_DEP, PLACE_CELL_DATA, (len << 32), &pid) == CKB_SLICE_OUT_OF_BOUND);
    check(6, sp(0, SRC_CELL_DEP, PLACE_CELL_DATA, ((len - 1) << 32) | 2, &pid) == CKB_SLICE_OUT_OF_BOUND);
    check(7, sp(0, SRC_CELL_DEP, PLACE_CELL_DATA, len + 1, &pid) == CKB_SLICE_OUT_OF_BOUND);
    check(8, sp(0, SRC_HEADER_DEP, PLACE_CELL_DATA, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(9, sp(0, SRC_GROUP | SRC_CELL_DEP, PLACE_CELL_DATA, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(10, sp(0, SRC_CELL_DEP, 2, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(11, sp(0, SRC_CELL_DEP, PLACE_WITNESS, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(12, sp(0, SRC_INPUT, PLACE_CELL_DATA, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(13, sp(0, SRC_INPUT, PLACE_WITNESS, 0, &pid) == CKB_INDEX_OUT_OF_BOUND);
    check(14, pid == 777);
    /* accepted: a top byte other than 0x01 is ignored; the exact length is fine */
    int8_t code = 0;
    const char *e3[] = {"exit", "3"};
    spawn_args_t s3 = {2, e3, &pid, 0};
    check(15, ckb_spawn(0, 0x0200000000000003UL, PLACE_CELL_DATA, 0, &s3) == 0 && pid == 1);
    check(16, ckb_wait(pid, &code) == 0 && code == 3); /* a non-zero child exit is just a value */
    const char *e4[] = {"exit", "-4"};
    spawn_args_t s4 = {2, e4, &pid, 0};
    check(17, ckb_spawn(0, SRC_CELL_DEP, PLACE_CELL_DATA, len, &s4) == 0 && pid == 2);
    check(18, ckb_wait(pid, &code) == 0 && code == -4);
    return 0;
}
