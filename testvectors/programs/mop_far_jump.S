/* mop_far_jump.S - FAR_JUMP_REL (auipc ra; jalr ra, lo(ra)) and FAR_JUMP_ABS
 * (lui ra; jalr ra, lo(ra)) in their normal form: fused on V1 and V2 with MOP,
 * same results either way (each callee checks ra and counts a call).
 * Exit 0 = pass; 1..3 = failing check. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   s1, 0
1:  auipc ra, %pcrel_hi(f1)
    jalr ra, %pcrel_lo(1b)(ra)
r1: lui  ra, %hi(f2)
    jalr ra, %lo(f2)(ra)
r2: li   a0, 2
    li   gp, 3
    bne  s1, a0, fail
pass:
    li   a0, 0
    li   a7, 93
    ecall
fail:
    mv   a0, gp
    li   a7, 93
    ecall
f1: li   gp, 1
2:  auipc t0, %pcrel_hi(r1)
    addi t0, t0, %pcrel_lo(2b)
    bne  ra, t0, fail
    addi s1, s1, 1
    ret
f2: li   gp, 2
3:  auipc t0, %pcrel_hi(r2)
    addi t0, t0, %pcrel_lo(3b)
    bne  ra, t0, fail
    addi s1, s1, 1
    ret
