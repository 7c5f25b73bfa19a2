/* isa_rvc.S - every RV64C instruction (IMC subset: no FP loads/stores), written
 * with explicit c.* mnemonics: C.ADDI4SPN, C.LW, C.LD, C.SW, C.SD, C.NOP,
 * C.ADDI, C.ADDIW, C.LI, C.ADDI16SP, C.LUI, C.SRLI, C.SRAI, C.ANDI, C.SUB,
 * C.XOR, C.OR, C.AND, C.SUBW, C.ADDW, C.J, C.BEQZ, C.BNEZ, C.SLLI, C.LWSP,
 * C.LDSP, C.JR, C.MV, C.JALR, C.ADD, C.SWSP, C.SDSP, with sign-extension and
 * edge immediates.  Only standard (non-HINT) encodings: HINTs are in
 * v_rvc_hint*.  (C.EBREAK is not used: qemu traps.)  sp is pointed at a data
 * buffer for the sp-relative forms and restored afterwards.
 * Self-checking: exit 0 = pass, else check number. */
#include "check.inc"
    .section .text.start, "ax"
    .globl _start
_start:
    mv   s1, sp                       /* keep the real stack pointer */
    la   sp, buf + 256

    /* C.LI / C.LUI / C.ADDI / C.ADDIW / C.ADDI16SP / C.ADDI4SPN */
    c.li   a0, -32
    CHECK  a0, -32
    c.li   a0, 31
    CHECK  a0, 31
    c.lui  a0, 0xfffe0                /* nzimm = -32 << 12 */
    CHECK  a0, 0xfffffffffffe0000
    c.lui  a0, 0x1f
    CHECK  a0, 0x1f000
    c.li   a0, 5
    c.addi a0, -32
    CHECK  a0, -27
    c.addi a0, 31
    CHECK  a0, 4
    li     a0, 0x7fffffff
    c.addiw a0, 1
    CHECK  a0, 0xffffffff80000000
    li     a0, 0x100000005
    c.addiw a0, 0                     /* sext.w */
    CHECK  a0, 5
    mv     s2, sp
    c.addi16sp sp, -512
    sub    a0, s2, sp
    CHECK  a0, 512
    c.addi16sp sp, 496
    sub    a0, s2, sp
    CHECK  a0, 16
    c.addi16sp sp, 16
    c.addi4spn a0, sp, 4
    sub    a0, a0, sp
    CHECK  a0, 4
    c.addi4spn a0, sp, 1020
    sub    a0, a0, sp
    CHECK  a0, 1020

    /* C.SLLI / C.SRLI / C.SRAI / C.ANDI */
    li     a0, 0x8000000000000001
    c.slli a0, 63
    CHECK  a0, 0x8000000000000000
    li     a0, 1
    c.slli a0, 32
    CHECK  a0, 0x100000000
    li     a0, 0x8000000000000001
    c.srli a0, 63
    CHECK  a0, 1
    li     a0, 0x8000000000000000
    c.srli a0, 32
    CHECK  a0, 0x80000000
    li     a0, 0x8000000000000000
    c.srai a0, 63
    CHECK  a0, -1
    li     a0, 0x8000000000000000
    c.srai a0, 1
    CHECK  a0, 0xc000000000000000
    li     a0, 0x1234
    c.andi a0, -32
    CHECK  a0, 0x1220
    li     a0, 0x1234
    c.andi a0, 15
    CHECK  a0, 4

    /* C.MV / C.ADD / C.SUB / C.XOR / C.OR / C.AND / C.SUBW / C.ADDW */
    li     a1, 0x7fffffffffffffff
    c.mv   a0, a1
    CHECK  a0, 0x7fffffffffffffff
    li     a2, 1
    c.add  a0, a2
    CHECK  a0, 0x8000000000000000
    c.sub  a0, a2
    CHECK  a0, 0x7fffffffffffffff
    li     a0, 0xff00
    li     a2, 0x0ff0
    c.xor  a0, a2
    CHECK  a0, 0xf0f0
    li     a0, 0xff00
    c.or   a0, a2
    CHECK  a0, 0xfff0
    li     a0, 0xff00
    c.and  a0, a2
    CHECK  a0, 0x0f00
    li     a0, 0x80000000
    li     a2, 1
    c.subw a0, a2
    CHECK  a0, 0x7fffffff
    li     a0, 0x7fffffff
    c.addw a0, a2
    CHECK  a0, 0xffffffff80000000
    li     a0, 0x100000000
    li     a2, 0
    c.addw a0, a2                     /* upper bits dropped */
    CHECK  a0, 0

    /* loads / stores: C.SW C.SD C.LW C.LD (x8..x15 base), sp-relative forms */
    la     s0, buf
    li     a1, 0x80000001
    c.sw   a1, 124(s0)
    c.lw   a0, 124(s0)
    CHECK  a0, 0xffffffff80000001
    li     a1, 0x8877665544332211
    c.sd   a1, 248(s0)
    c.ld   a0, 248(s0)
    CHECK  a0, 0x8877665544332211
    c.sd   a1, 112(s0)
    c.lw   a0, 112(s0)
    CHECK  a0, 0x44332211
    c.lw   a0, 116(s0)
    CHECK  a0, 0xffffffff88776655
    li     a1, 0xfedcba9876543210
    c.sdsp a1, 504(sp)
    c.ldsp a0, 504(sp)
    CHECK  a0, 0xfedcba9876543210
    c.swsp a1, 252(sp)
    c.lwsp a0, 252(sp)
    CHECK  a0, 0x76543210
    c.sdsp a1, 240(sp)
    c.lwsp a0, 244(sp)                /* high word of the 64-bit value */
    CHECK  a0, 0xfffffffffedcba98
    c.sdsp a1, 0(sp)
    ld     a0, 0(sp)
    CHECK  a0, 0xfedcba9876543210

    /* C.NOP */
    li     a0, 9
    c.nop
    CHECK  a0, 9

    /* C.J / C.BEQZ / C.BNEZ */
    li     gp, 200
    c.j    1f
    j      fail
1:  li     a0, 0
    li     gp, 201
    c.beqz a0, 2f
    j      fail
2:  c.bnez a0, fail
    li     a0, -1
    li     gp, 202
    c.bnez a0, 3f
    j      fail
3:  c.beqz a0, fail
    /* backward c.bnez loop */
    li     a0, 4
4:  c.addi a0, -1
    c.bnez a0, 4b
    CHECK  a0, 0

    /* C.JR / C.JALR */
    la     t0, 5f
    c.jr   t0
    j      fail
5:  la     t0, 6f
    c.jalr t0                         /* ra = pc + 2 */
7:  j      fail
6:  la     a1, 7b
    CHECKR ra, a1
    la     t0, 8f
    addi   t0, t0, 1                  /* bit 0 cleared */
    c.jr   t0
    j      fail
8:
    mv     sp, s1
    PASS

    .section .data
    .balign 16
buf:
    .space 1024
