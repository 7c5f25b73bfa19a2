/* err_load_oob.S - an 8-byte load at 0x3ffffc, crossing the end of memory
 * -> MemOutOfBound on every version. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   t0, 0x400000
    ld   a0, -4(t0)
    li   a0, 0
    li   a7, 93
    ecall
