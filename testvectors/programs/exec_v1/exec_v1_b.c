/* exec_v1_b - the middle of exec_v1's chain: exec'ed by exec_v1 from cell dep 2 at offset
 * EXEC_V1_PAD (script version 1, in-place exec), it checks its argv and data, works a while and execs
 * exec_v1 (cell dep 0) again with the result as an argument.  Our own code. */
#include "exec_v1.h"

/* 6 KiB of read-only data: its segment covers whole pages, which a snapshot taken after the exec
 * references in elf/exec_v1_b.pad (at their offsets past the filler) instead of carrying them */
__asm__(".section .rodata\n.balign 8\n.globl b_table\nb_table:\n.rept 1536\n.word 0x9e3779b9\n.endr\n.previous");
extern const uint32_t b_table[1536];

int main(int argc, char **argv) {
    check(80, ckb_vm_version() == 1);
    check(81, argc == 3 && str_eq(argv[0], "b") && str_eq(argv[1], "from-a") && argv[2][0] == 0 &&
                  argv[3] == 0);
    uint32_t sum = 0;
    for (int i = 0; i < 1536; i++) sum += b_table[i];
    check(83, sum == (uint32_t)(1536u * 0x9e3779b9u));
    char num[8];
    fmt_dec(num, fnv_rounds(EXEC_V1_ROUNDS) % 100000, 5);
    const char *a[] = {"back", num};
    ckb_exec(0, SRC_CELL_DEP, PLACE_CELL_DATA, 0, 2, a);
    return 82; /* not reached */
}
