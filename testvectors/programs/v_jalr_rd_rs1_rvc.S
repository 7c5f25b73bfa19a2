/* v_jalr_rd_rs1_rvc.S - C.JALR with rs1 == ra (c.jalr ra: rd is ra implicitly).
 * V0: ra is written first, so the target is the link address -> exit 1.
 * V1+: jumps to `good` with ra = link (pc + 2) -> exit 0. */
#include "exit.inc"
    .section .text.start, "ax"
    .globl _start
_start:
    la   ra, good
    c.jalr ra
link:
    EXIT 1                   /* V0 path */
good:
    la   a1, link
    bne  ra, a1, bad
    EXIT 0
bad:
    EXIT 2
