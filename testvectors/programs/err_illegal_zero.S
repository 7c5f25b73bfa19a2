/* err_illegal_zero.S - the all-zero halfword (reserved C.ADDI4SPN with imm 0)
 * -> InvalidInstruction. */
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
    .hword 0
    li   a7, 93
    ecall
