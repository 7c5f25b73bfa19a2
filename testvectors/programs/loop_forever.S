/* loop_forever.S - an infinite loop; with a small max_cycles -> cycles_exceeded. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
1:  addi a0, a0, 1
    j    1b
