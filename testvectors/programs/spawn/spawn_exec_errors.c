/* spawn_exec_errors - exec failures that are VM errors on script version 2 (ExecV2 loads
 * the program in the scheduler, after the syscall has returned).  One argument selects:
 *   1  cell dep 1 is not an ELF                        -> ElfParseError
 *   2  cell dep 7 does not exist                       -> SnapshotDataLoadError
 *   3  offset past the end of cell dep 0 (empty slice) -> ElfParseError (CKB test
 *      check_exec_big_offset_length asserts ElfParseError on version 2)
 * No argument: exit 0. */
#include "spawn.h"

int main(int argc, char **argv) {
    unsigned long c = arg_number(argc, argv, 0);
    const char *a[] = {"never"};
    if (c == 1) ckb_exec(1, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, a);
    if (c == 2) ckb_exec(7, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 1, a);
    if (c == 3) ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0x7fffffffUL << 32, 1, a);
    return (int)c == 0 ? 0 : 50 + (int)c; /* not reached for 1..3 */
}
