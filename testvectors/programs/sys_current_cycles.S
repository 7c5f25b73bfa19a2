/* sys_current_cycles.S - exit with (int8) of the first current_cycles (2042)
 * reading, i.e. the cycles charged so far including this ECALL (and, in the
 * ckb model, the load cost).  V0 -> InvalidEcall.
 * unit model: 2 (li + ecall).  ckb model: load + 1 + 500. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a7, 2042
    ecall
    li   a7, 93
    ecall
