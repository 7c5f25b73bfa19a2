/* mop_mid_entry.S - a loop over an ADC group (add/sltu/add/sltu/or) that is first entered at
 * the group's second instruction. That entry decodes its own trace (sltu; on V2 with MOP the
 * add+sltu after it fuse to ADCS); the loop's trace must still fuse the whole group to ADC:
 * CKB-VM's decoder caches raw instructions only, so what an earlier trace fused at a pc is not
 * what a later fusion lookahead sees there. Exit code: (a2 + a3) & 127, as CKB-VM computes it. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a2, -1
    li   a3, 1
    li   t1, 2
    li   s1, 3
    j    mid
loop:
    add  a2, a2, a3
mid:
    sltu a3, a2, a3
    add  a2, a2, t1
    sltu t1, a2, t1
    or   a3, a3, t1
    addi s1, s1, -1
    bnez s1, loop
    add  a0, a2, a3
    andi a0, a0, 127
    li   a7, 93
    ecall
