/* a_probe.S - one A instruction (amoadd.w) on a data word, result checked.
 * With isa containing `a` -> exit 0; otherwise -> InvalidInstruction. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, word
    li   t1, 5
    amoadd.w a0, t1, (t0)
    lw   a1, 0(t0)
    addi a0, a0, -3
    addi a1, a1, -8
    or   a0, a0, a1
    li   a7, 93
    ecall
    .section .data
    .balign 4
word: .word 3
