/* v_jalr_rd_rs1.S - JALR with rd == rs1 (jalr t0, 0(t0)).
 * V0 writes rd before computing the target, so it "jumps" to the link address
 * (the next instruction) -> exit 1.  V1+ computes the target first -> lands
 * on `good` with t0 = link -> exit 0.  (qemu behaves like V1+.) */
#include "exit.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, good
    jalr t0, 0(t0)
link:
    EXIT 1                   /* V0 path */
good:
    la   a1, link
    bne  t0, a1, bad
    EXIT 0
bad:
    EXIT 2
