/* err_unknown_ecall.S - ecall with a7 = 12345 (no such syscall) -> InvalidEcall. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a7, 12345
    ecall
    li   a0, 0
    li   a7, 93
    ecall
