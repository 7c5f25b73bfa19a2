/* isa_a.S - every A-extension instruction: LR.W/SC.W and LR.D/SC.D (success,
 * failure without a reservation, failure after a successful SC consumed the
 * reservation, failure on a different address; SC.W/SC.D result 0/1 and
 * memory unchanged on failure), and each AMO in .W and .D form (SWAP, ADD,
 * XOR, AND, OR, MIN, MAX, MINU, MAXU): rd gets the old value (.W forms
 * sign-extend it), memory gets the new one; aq/rl bits are accepted; rd = x0.
 * Runs only when the VM's isa includes `a` (CKB itself never enables it).
 * Self-checking: exit 0 = pass, else check number. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   s0, mem

    /* ---- SC without a reservation fails, memory unchanged ---- */
    li   a1, 0x1111
    sc.d a0, a1, (s0)
    CHECK a0, 1
    ld   a0, 0(s0)
    CHECK a0, 0x8000000000000001
    sc.w a0, a1, (s0)
    CHECK a0, 1
    ld   a0, 0(s0)
    CHECK a0, 0x8000000000000001

    /* ---- LR.D / SC.D success, then SC again fails ---- */
    lr.d a0, (s0)
    CHECK a0, 0x8000000000000001
    li   a1, 0x2222
    sc.d a2, a1, (s0)
    CHECK a2, 0
    ld   a0, 0(s0)
    CHECK a0, 0x2222
    li   a1, 0x3333
    sc.d a2, a1, (s0)
    CHECK a2, 1
    ld   a0, 0(s0)
    CHECK a0, 0x2222

    /* ---- LR.W sign-extends; SC.W writes 32 bits ---- */
    addi s2, s0, 8
    lr.w a0, (s2)
    CHECK a0, 0xffffffff80000000
    li   a1, 0x123456789
    sc.w a2, a1, (s2)
    CHECK a2, 0
    ld   a0, 8(s0)
    CHECK a0, 0x23456789
    /* ---- reservation on another address: SC fails ---- */
    lr.w a0, (s2)
    addi s1, s0, 16
    sc.w a2, a1, (s1)
    CHECK a2, 1
    ld   a0, 16(s0)
    CHECK a0, 0
    lr.d.aqrl a0, (s0)                /* aq/rl bits ignored */
    sc.d.rl a2, x0, (s0)
    CHECK a2, 0
    ld   a0, 0(s0)
    CHECK a0, 0

    /* ---- AMO*.D ---- */
    addi s1, s0, 24
    li   a1, 0x8000000000000000
    sd   a1, 0(s1)
    li   a2, 5
    amoswap.d a0, a2, (s1)
    CHECK a0, 0x8000000000000000
    ld   a0, 0(s1)
    CHECK a0, 5
    li   a2, -7
    amoadd.d a0, a2, (s1)
    CHECK a0, 5
    ld   a0, 0(s1)
    CHECK a0, -2
    li   a2, 0xff
    amoxor.d a0, a2, (s1)
    CHECK a0, -2
    ld   a0, 0(s1)
    CHECK a0, 0xffffffffffffff01
    li   a2, 0x0f0f
    amoand.d a0, a2, (s1)
    CHECK a0, 0xffffffffffffff01
    ld   a0, 0(s1)
    CHECK a0, 0x0f01
    li   a2, 0x8000000000000000
    amoor.d a0, a2, (s1)
    CHECK a0, 0x0f01
    ld   a0, 0(s1)
    CHECK a0, 0x8000000000000f01
    li   a2, 1
    amomin.d a0, a2, (s1)             /* signed: memory value is negative */
    CHECK a0, 0x8000000000000f01
    ld   a0, 0(s1)
    CHECK a0, 0x8000000000000f01
    amomax.d a0, a2, (s1)
    ld   a0, 0(s1)
    CHECK a0, 1
    li   a2, -1
    amominu.d a0, a2, (s1)
    CHECK a0, 1
    ld   a0, 0(s1)
    CHECK a0, 1
    amomaxu.d a0, a2, (s1)
    CHECK a0, 1
    ld   a0, 0(s1)
    CHECK a0, -1
    li   a2, 3
    amoadd.d.aqrl x0, a2, (s1)        /* rd = x0 */
    ld   a0, 0(s1)
    CHECK a0, 2
    CHECK x0, 0

    /* ---- AMO*.W: 32-bit memory, rd sign-extended ---- */
    addi s1, s0, 32
    li   a1, 0x1122334480000000       /* high word must stay untouched */
    sd   a1, 0(s1)
    li   a2, 0x7fffffff
    amoswap.w a0, a2, (s1)
    CHECK a0, 0xffffffff80000000
    ld   a0, 0(s1)
    CHECK a0, 0x112233447fffffff
    li   a2, 1
    amoadd.w a0, a2, (s1)             /* wraps inside 32 bits */
    CHECK a0, 0x7fffffff
    ld   a0, 0(s1)
    CHECK a0, 0x1122334480000000
    li   a2, 0xffffffff0000ffff       /* only the low word of rs2 is used */
    amoxor.w a0, a2, (s1)
    CHECK a0, 0xffffffff80000000
    ld   a0, 0(s1)
    CHECK a0, 0x112233448000ffff
    li   a2, 0x00ff00ff
    amoand.w a0, a2, (s1)
    CHECK a0, 0xffffffff8000ffff
    ld   a0, 0(s1)
    CHECK a0, 0x11223344000000ff
    li   a2, 0x80000000
    amoor.w a0, a2, (s1)
    CHECK a0, 0xff
    ld   a0, 0(s1)
    CHECK a0, 0x11223344800000ff
    li   a2, 0x100000001              /* low word 1 */
    amomin.w a0, a2, (s1)             /* min(-2147483393, 1) */
    CHECK a0, 0xffffffff800000ff
    ld   a0, 0(s1)
    CHECK a0, 0x11223344800000ff
    amomax.w a0, a2, (s1)
    ld   a0, 0(s1)
    CHECK a0, 0x1122334400000001
    li   a2, 0xfffffffe
    amominu.w a0, a2, (s1)
    CHECK a0, 1
    ld   a0, 0(s1)
    CHECK a0, 0x1122334400000001
    amomaxu.w a0, a2, (s1)
    CHECK a0, 1
    ld   a0, 0(s1)
    CHECK a0, 0x11223344fffffffe
    li   a2, 0x80000000
    amominu.w.aq a0, a2, (s1)
    CHECK a0, -2
    ld   a0, 0(s1)
    CHECK a0, 0x1122334480000000
    li   a2, -1
    amomin.w a0, a2, (s1)             /* signed: 0x80000000 < -1 */
    ld   a0, 0(s1)
    CHECK a0, 0x1122334480000000
    amomax.w.rl a0, a2, (s1)
    ld   a0, 0(s1)
    CHECK a0, 0x11223344ffffffff

    PASS

    .section .data
    .balign 8
mem:
    .dword 0x8000000000000001
    .dword 0x0000000080000000
    .dword 0
    .dword 0
    .dword 0
