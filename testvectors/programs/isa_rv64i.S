/* isa_rv64i.S - every RV64I instruction (32-bit encodings only: .option norvc),
 * with edge values: sign extension, overflow, x0 as source and destination,
 * shifts by 0/31/32/63 (and shift amounts using only the low 6/5 bits),
 * signed/unsigned branch comparisons, load sign/zero extension, partial stores,
 * LUI/AUIPC sign extension, JAL/JALR link values and JALR clearing bit 0,
 * FENCE and FENCE.I as no-ops.  Self-checking: exit 0 = pass, else check number.
 * (EBREAK is in ebreak.S: qemu would trap on it.) */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    /* ---- LUI / AUIPC ---- */
    lui  a0, 0x12345
    CHECK a0, 0x12345000
    lui  a0, 0x80000                  /* bit 31 set: sign-extends */
    CHECK a0, 0xffffffff80000000
    lui  a0, 0xfffff
    CHECK a0, 0xfffffffffffff000
    lui  x0, 0x12345                  /* write to x0 dropped */
    CHECK x0, 0
1:  auipc a0, 0
    la   a1, 1b
    CHECKR a0, a1
2:  auipc a0, 0x1
    la   a1, 2b
    li   a2, 0x1000
    add  a1, a1, a2
    CHECKR a0, a1
3:  auipc a0, 0xfffff                 /* pc - 4096 */
    la   a1, 3b
    li   a2, -4096
    add  a1, a1, a2
    CHECKR a0, a1

    /* ---- ADDI / SLTI / SLTIU / XORI / ORI / ANDI ---- */
    li   a1, 0x7fffffffffffffff
    addi a0, a1, 1                    /* 64-bit wrap */
    CHECK a0, 0x8000000000000000
    addi a0, x0, -2048
    CHECK a0, -2048
    addi a0, x0, 2047
    CHECK a0, 2047
    addi x0, x0, 5
    CHECK x0, 0
    li   a1, -1
    slti a0, a1, 0
    CHECK a0, 1
    slti a0, a1, -1
    CHECK a0, 0
    li   a1, 5
    slti a0, a1, -2048
    CHECK a0, 0
    sltiu a0, a1, -1                  /* imm sign-extends to 2^64-1 */
    CHECK a0, 1
    li   a1, -1
    sltiu a0, a1, -1
    CHECK a0, 0
    sltiu a0, x0, 1                   /* seqz */
    CHECK a0, 1
    li   a1, 0x0f0f
    xori a0, a1, -1                   /* not */
    CHECK a0, 0xfffffffffffff0f0
    xori a0, a1, 0x7ff
    CHECK a0, 0x08f0
    ori  a0, a1, -2048
    CHECK a0, 0xffffffffffffff0f
    andi a0, a1, -256
    CHECK a0, 0x0f00
    li   a1, 0x8000000000000000
    andi a0, a1, -1
    CHECK a0, 0x8000000000000000

    /* ---- SLLI / SRLI / SRAI (shamt 0..63) ---- */
    li   a1, 0x8000000000000001
    slli a0, a1, 0
    CHECK a0, 0x8000000000000001
    slli a0, a1, 1
    CHECK a0, 2
    slli a0, a1, 31
    CHECK a0, 0x80000000
    slli a0, a1, 32
    CHECK a0, 0x100000000
    slli a0, a1, 63
    CHECK a0, 0x8000000000000000
    srli a0, a1, 0
    CHECK a0, 0x8000000000000001
    srli a0, a1, 31
    CHECK a0, 0x100000000
    srli a0, a1, 32
    CHECK a0, 0x80000000
    srli a0, a1, 63
    CHECK a0, 1
    srai a0, a1, 0
    CHECK a0, 0x8000000000000001
    srai a0, a1, 31
    CHECK a0, 0xffffffff00000000
    srai a0, a1, 32
    CHECK a0, 0xffffffff80000000
    srai a0, a1, 63
    CHECK a0, -1
    li   a1, 0x4000000000000000
    srai a0, a1, 62
    CHECK a0, 1

    /* ---- ADD / SUB / SLT / SLTU / XOR / OR / AND ---- */
    li   a1, 0x7fffffffffffffff
    li   a2, 1
    add  a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, -1
    add  a0, a1, a2
    CHECK a0, 0
    add  a0, x0, a2
    CHECK a0, 1
    add  x0, a1, a2
    CHECK x0, 0
    li   a1, 0x8000000000000000
    sub  a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    sub  a0, x0, a2                   /* neg */
    CHECK a0, -1
    sub  a0, a2, a2
    CHECK a0, 0
    li   a1, -1
    slt  a0, a1, a2
    CHECK a0, 1
    slt  a0, a2, a1
    CHECK a0, 0
    slt  a0, a1, a1
    CHECK a0, 0
    sltu a0, a1, a2
    CHECK a0, 0
    sltu a0, a2, a1
    CHECK a0, 1
    sltu a0, x0, a2                   /* snez */
    CHECK a0, 1
    li   a1, 0x8000000000000000
    li   a2, 0x7fffffffffffffff
    slt  a0, a1, a2
    CHECK a0, 1
    sltu a0, a1, a2
    CHECK a0, 0
    li   a1, 0xff00ff00ff00ff00
    li   a2, 0x0ff00ff00ff00ff0
    xor  a0, a1, a2
    CHECK a0, 0xf0f0f0f0f0f0f0f0
    or   a0, a1, a2
    CHECK a0, 0xfff0fff0fff0fff0
    and  a0, a1, a2
    CHECK a0, 0x0f000f000f000f00
    xor  a0, a1, a1
    CHECK a0, 0

    /* ---- SLL / SRL / SRA: only the low 6 bits of rs2 count ---- */
    li   a1, 0x8000000000000001
    li   a2, 0
    sll  a0, a1, a2
    CHECK a0, 0x8000000000000001
    li   a2, 63
    sll  a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a2, 64                       /* == shift by 0 */
    sll  a0, a1, a2
    CHECK a0, 0x8000000000000001
    li   a2, -1                       /* == shift by 63 */
    sll  a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a2, 32
    srl  a0, a1, a2
    CHECK a0, 0x80000000
    li   a2, 0x7f                     /* == 63 */
    srl  a0, a1, a2
    CHECK a0, 1
    li   a2, 31
    sra  a0, a1, a2
    CHECK a0, 0xffffffff00000000
    li   a2, 65                       /* == 1 */
    sra  a0, a1, a2
    CHECK a0, 0xc000000000000000

    /* ---- *W arithmetic: 32-bit result, sign-extended ---- */
    li   a1, 0x7fffffff
    addiw a0, a1, 1
    CHECK a0, 0xffffffff80000000
    li   a1, 0x123456789
    addiw a0, a1, 0                   /* sext.w */
    CHECK a0, 0x23456789
    li   a1, 0xffffffff
    addiw a0, a1, 0
    CHECK a0, -1
    addiw a0, x0, -2048
    CHECK a0, -2048
    li   a1, 0x1
    slliw a0, a1, 31
    CHECK a0, 0xffffffff80000000
    slliw a0, a1, 0
    CHECK a0, 1
    li   a1, 0xffffffff80000000
    srliw a0, a1, 0
    CHECK a0, 0xffffffff80000000
    srliw a0, a1, 1
    CHECK a0, 0x40000000
    srliw a0, a1, 31
    CHECK a0, 1
    sraiw a0, a1, 31
    CHECK a0, -1
    li   a1, 0x0000000180000000       /* upper bits ignored */
    sraiw a0, a1, 4
    CHECK a0, 0xfffffffff8000000
    li   a1, 0x7fffffff
    li   a2, 1
    addw a0, a1, a2
    CHECK a0, 0xffffffff80000000
    li   a1, 0xffffffff00000005
    li   a2, 0x00000001fffffffe
    addw a0, a1, a2                   /* 5 + -2 */
    CHECK a0, 3
    li   a1, 0x80000000
    li   a2, 1
    subw a0, a1, a2
    CHECK a0, 0x7fffffff
    subw a0, x0, a2
    CHECK a0, -1
    li   a1, 1
    li   a2, 31
    sllw a0, a1, a2
    CHECK a0, 0xffffffff80000000
    li   a2, 32                       /* low 5 bits: 0 */
    sllw a0, a1, a2
    CHECK a0, 1
    li   a1, 0xffffffff80000000
    li   a2, 31
    srlw a0, a1, a2
    CHECK a0, 1
    li   a2, 0
    srlw a0, a1, a2
    CHECK a0, 0xffffffff80000000
    li   a2, 33                       /* == 1 */
    srlw a0, a1, a2
    CHECK a0, 0x40000000
    li   a2, 31
    sraw a0, a1, a2
    CHECK a0, -1
    li   a2, 63                       /* == 31 */
    li   a1, 0x7fffffff
    sraw a0, a1, a2
    CHECK a0, 0

    /* ---- loads: sign / zero extension ---- */
    la   s0, ldata
    lb   a0, 0(s0)
    CHECK a0, 0xffffffffffffff80
    lbu  a0, 0(s0)
    CHECK a0, 0x80
    lb   a0, 1(s0)
    CHECK a0, 0x7f
    lh   a0, 2(s0)
    CHECK a0, 0xffffffffffff8001
    lhu  a0, 2(s0)
    CHECK a0, 0x8001
    lw   a0, 4(s0)
    CHECK a0, 0xffffffff80000002
    lwu  a0, 4(s0)
    CHECK a0, 0x80000002
    ld   a0, 8(s0)
    CHECK a0, 0x8877665544332211
    addi s1, s0, 16
    ld   a0, -8(s1)                   /* negative offset */
    CHECK a0, 0x8877665544332211
    lw   a0, 9(s0)                    /* misaligned: allowed */
    CHECK a0, 0x55443322
    lh   a0, 15(s0)
    CHECK a0, 0x0088
    lw   x0, 0(s0)                    /* load into x0: dropped */
    CHECK x0, 0

    /* ---- stores: partial widths ---- */
    la   s0, sdata
    li   a1, -1
    sd   a1, 0(s0)
    li   a1, 0x1122334455667788
    sb   a1, 0(s0)
    ld   a0, 0(s0)
    CHECK a0, 0xffffffffffffff88
    sh   a1, 2(s0)
    ld   a0, 0(s0)
    CHECK a0, 0xffffffff7788ff88
    sw   a1, 4(s0)
    ld   a0, 0(s0)
    CHECK a0, 0x556677887788ff88
    sd   a1, 8(s0)
    ld   a0, 8(s0)
    CHECK a0, 0x1122334455667788
    addi s1, s0, 24
    sd   x0, -16(s1)                  /* store x0 with negative offset */
    ld   a0, 8(s0)
    CHECK a0, 0
    sw   a1, 17(s0)                   /* misaligned store */
    lw   a0, 17(s0)
    CHECK a0, 0x55667788

    /* ---- branches (signed vs unsigned, equal values) ---- */
    li   a1, -1
    li   a2, 1
    BR_TAKEN beq, a2, a2
    BR_NOT   beq, a1, a2
    BR_TAKEN bne, a1, a2
    BR_NOT   bne, a1, a1
    BR_TAKEN blt, a1, a2
    BR_NOT   blt, a2, a1
    BR_NOT   blt, a2, a2
    BR_TAKEN bge, a2, a1
    BR_TAKEN bge, a2, a2
    BR_NOT   bge, a1, a2
    BR_TAKEN bltu, a2, a1
    BR_NOT   bltu, a1, a2
    BR_NOT   bltu, a1, a1
    BR_TAKEN bgeu, a1, a2
    BR_TAKEN bgeu, a1, a1
    BR_NOT   bgeu, a2, a1
    BR_TAKEN beq, x0, x0
    BR_TAKEN bltu, x0, a2
    li   a3, 0x8000000000000000
    li   a4, 0x7fffffffffffffff
    BR_TAKEN blt, a3, a4
    BR_TAKEN bgeu, a3, a4
    /* backward branch */
    li   a0, 3
4:  addi a0, a0, -1
    bnez a0, 4b
    CHECK a0, 0

    /* ---- JAL / JALR ---- */
    jal  ra, 5f
6:  j    fail
5:  la   a1, 6b
    CHECKR ra, a1                     /* link = pc + 4 */
    jal  x0, 7f                       /* j: no link */
    j    fail
7:  la   t0, 9f
    jalr ra, 0(t0)
10: j    fail
9:  la   a1, 10b
    CHECKR ra, a1
    la   t0, 11f
    addi t0, t0, 1                    /* odd target: bit 0 is cleared */
    jalr x0, 0(t0)
    j    fail
11: la   t0, 12f
    addi t0, t0, -8
    jalr a2, 8(t0)                    /* non-zero offset */
13: j    fail
12: la   a1, 13b
    CHECKR a2, a1

    /* ---- FENCE / FENCE.I: no-ops ---- */
    li   a0, 42
    fence
    fence rw, rw
    .word 0x0000100f                  /* fence.i */
    CHECK a0, 42
    CHECK x0, 0

    PASS

    .section .rodata
    .balign 8
ldata:
    .byte 0x80, 0x7f, 0x01, 0x80, 0x02, 0x00, 0x00, 0x80
    .dword 0x8877665544332211

    .section .data
    .balign 8
sdata:
    .space 32
