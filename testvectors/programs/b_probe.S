/* b_probe.S - one B instruction (chosen with -DZBA/-DZBB/-DZBC/-DZBS), result
 * checked.  With isa containing `b` -> exit 0; otherwise -> InvalidInstruction. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a1, 6
    li   a2, 3
#if defined(ZBA)
    sh1add a0, a1, a2          /* 15 */
    addi a0, a0, -15
#elif defined(ZBB)
    andn a0, a1, a2            /* 4 */
    addi a0, a0, -4
#elif defined(ZBC)
    clmul a0, a1, a2           /* 6 clmul 3 = 10 */
    addi a0, a0, -10
#elif defined(ZBS)
    bset a0, a1, a2            /* 6 | 8 = 14 */
    addi a0, a0, -14
#endif
    li   a7, 93
    ecall
