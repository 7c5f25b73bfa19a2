/* sys_current_cycles_diff.S - two current_cycles readings three instructions
 * apart (mv, li, ecall); exit with (int8)(second - first):
 * unit model 3, ckb model 1 + 1 + 500 = 502 -> (int8) -10. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a7, 2042
    ecall
    mv   s0, a0
    li   a7, 2042
    ecall
    sub  a0, a0, s0
    li   a7, 93
    ecall
