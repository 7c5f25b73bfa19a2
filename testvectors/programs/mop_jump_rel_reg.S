/* mop_jump_rel_reg.S - V1 FAR_JUMP_REL quirk: `auipc a0, hi; jalr ra, lo(a0)`
 * is fused on V1 (rs1 == auipc rd, rd == ra) and the fused op writes only ra,
 * so a0 keeps its old value 0 -> exit 1.  V2 requires auipc rd == ra, so it
 * does not fuse -> a0 = pc of the auipc -> exit 0; no MOP -> exit 0. */
#include "exit.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
1:  auipc a0, %pcrel_hi(target)
    jalr ra, %pcrel_lo(1b)(a0)
back:
    EXIT 3
target:
    la   a1, 1b
    beq  a0, a1, ok
    bnez a0, bad
    EXIT 1
ok: la   a1, back
    bne  ra, a1, bad
    EXIT 0
bad:
    EXIT 2
