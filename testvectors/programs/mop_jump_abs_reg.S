/* mop_jump_abs_reg.S - V1 FAR_JUMP_ABS quirk: `lui a0, hi; jalr ra, lo(a0)`
 * is fused on V1 and a0 is not written -> a0 stays 0 -> exit 1.  V2 requires
 * lui rd == ra -> no fusion -> a0 = hi << 12 -> exit 0; no MOP -> exit 0. */
#include "exit.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
    lui  a0, %hi(target)
    jalr ra, %lo(target)(a0)
back:
    EXIT 3
target:
    lui  a1, %hi(target)
    beq  a0, a1, ok
    bnez a0, bad
    EXIT 1
ok: la   a1, back
    bne  ra, a1, bad
    EXIT 0
bad:
    EXIT 2
