/* exit0.S - the smallest program: li a0,0; li a7,93; ecall (3 instructions,
 * 12 bytes, no RVC).  Used for exact cycle-limit boundaries and stack tests. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
    li   a7, 93
    ecall
