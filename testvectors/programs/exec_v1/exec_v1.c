/* exec_v1 - script version 1's exec (2043): ckb-script's in-place Exec (docs/SPAWN.md §7.2).
 * Sources: cell dep 0 = this ELF, 1 = elf/blob_data.bin (not an ELF), 2 = elf/exec_v1_b.pad
 * (EXEC_V1_PAD bytes of filler, then the ELF exec_v1_b).  Our own code.
 *   no argument: two pages of cell dep 1 loaded, refused execs (return codes; only the ecall's
 *     500 cycles, argv not read), then
 *     the chain exec_v1 -> exec_v1_b (cell dep 2 from offset EXEC_V1_PAD, argv "b" "from-a" "")
 *     -> exec_v1 "back" N -> exit 42
 *   1: a bad source (VM error External)     2: a bad place (VM error External)
 *   3: a non-ELF: WRONG_FORMAT into the reset machine, whose run goes on at pc 0 and faults
 *   4: an argv pointer outside memory (VM error MemOutOfBound)
 *   5: argv one entry past 1 MiB (VM error Unexpected, ckb's ARGV_TOO_LONG_TEXT)
 *   6: argv of exactly 1 MiB: accepted, but its stack does not fit: WRONG_FORMAT, and the new
 *      program runs at its entry with the stack as far as it was built (exit 66) */
#include "exec_v1.h"

static uint8_t scratch[8];
/* two whole pages of cell dep 1 loaded before the chain's exec: tracked as that blob's pages until
 * the exec resets memory (a snapshot after the exec must not reference them any more) */
static uint8_t pages[8192] __attribute__((aligned(4096)));

int main(int argc, char **argv) {
    if ((unsigned long)argc == ARGV_AT_LIMIT) { /* case 6, after the exec */
        check(90, argv[0][0] == 0 && argv[ARGV_AT_LIMIT - 1][0] == 0 && argv[ARGV_AT_LIMIT] == 0);
        check(91, (unsigned long)argv < 0x300000UL); /* below the stack's start: it did not fit */
        return 66;
    }
    const char *r = role(argc, argv);
    if (str_eq(r, "back")) {
        check(40, ckb_vm_version() == 1);
        check(41, argc == 2 && argv[2] == 0);
        check(42, (unsigned long)to_long(argv[1]) == fnv_rounds(EXEC_V1_ROUNDS) % 100000);
        return 42;
    }
    const char **bad = (const char **)0xFFFFFFFFFFFFFFF8UL;
    switch (arg_number(argc, argv, 0)) {
    case 1: ckb_exec(0, 5, PLACE_CELL_DATA, 0, 0, 0); return 51;
    case 2: ckb_exec(0, SRC_CELL_DEP, 2, 0, 0, 0); return 52;
    case 3: ckb_exec(1, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 0, 0); return 53;
    case 4: ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, bad); return 54;
    case 5: ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, ARGV_AT_LIMIT + 1, (const char **)0x100000UL); return 55;
    case 6: ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, ARGV_AT_LIMIT, (const char **)0x100000UL); return 56;
    default: break;
    }
    uint64_t len = 0;
    check(1, ckb_load_cell_data(scratch, &len, 0, 0, SRC_CELL_DEP) == 0); /* this ELF's size */
    uint64_t n = sizeof pages;
    check(17, ckb_load_cell_data(pages, &n, 0, 1, SRC_CELL_DEP) == 0 && pages[4096] == (uint8_t)(4096 * 131 + 7));
    const char *b_args[] = {"b", "from-a", ""};
    /* refused before argv is read: a bad argv pointer does not matter */
    check(2, ckb_exec(3, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(3, ckb_exec(1UL << 32, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(4, ckb_exec(0, SRC_INPUT, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(5, ckb_exec(0, SRC_OUTPUT, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(6, ckb_exec(0, SRC_HEADER_DEP, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(7, ckb_exec(0, SRC_GROUP | SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(8, ckb_exec(0, SRC_GROUP | SRC_INPUT, PLACE_CELL_DATA, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(9, ckb_exec(0, SRC_INPUT, PLACE_WITNESS, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(10, ckb_exec(0, SRC_CELL_DEP, PLACE_WITNESS, 0, 1, bad) == CKB_INDEX_OUT_OF_BOUND);
    check(11, ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, len << 32, 1, bad) == CKB_SLICE_OUT_OF_BOUND);
    check(12, ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, ((len - 1) << 32) | 2, 1, bad) == CKB_SLICE_OUT_OF_BOUND);
    check(13, ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, len + 1, 1, bad) == CKB_SLICE_OUT_OF_BOUND);
    check(14, ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0xFFFFFFFF00000000UL, 1, bad) == CKB_SLICE_OUT_OF_BOUND);
    /* another top byte than 0x01 is a transaction source: this is cell dep 0, so SLICE_OUT_OF_BOUND */
    check(15, ckb_exec(0, 0x0200000000000003UL, PLACE_CELL_DATA, len << 32, 1, bad) == CKB_SLICE_OUT_OF_BOUND);
    ckb_exec(2, SRC_CELL_DEP, PLACE_CELL_DATA, EXEC_V1_PAD << 32, 3, b_args);
    return 16; /* not reached */
}
