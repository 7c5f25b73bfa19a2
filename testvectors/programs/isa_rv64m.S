/* isa_rv64m.S - every RV64M instruction with edge values: MULH/MULHU/MULHSU
 * sign handling, MULW truncation + sign extension, DIV/DIVU/REM/REMU by zero
 * (all ones / dividend) and signed overflow (-2^63 / -1), the *W forms
 * (32-bit operands, sign-extended results, including DIVUW/REMUW by zero),
 * x0 as destination.  Self-checking: exit 0 = pass, else check number. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    /* ---- MUL / MULH / MULHU / MULHSU ---- */
    li   a1, -1
    li   a2, -1
    mul    a0, a1, a2
    CHECK  a0, 1
    mulh   a0, a1, a2
    CHECK  a0, 0
    mulhu  a0, a1, a2
    CHECK  a0, 0xfffffffffffffffe
    mulhsu a0, a1, a2
    CHECK  a0, -1
    li   a1, 0x8000000000000000
    li   a2, 0x8000000000000000
    mul    a0, a1, a2
    CHECK  a0, 0
    mulh   a0, a1, a2
    CHECK  a0, 0x4000000000000000
    mulhu  a0, a1, a2
    CHECK  a0, 0x4000000000000000
    mulhsu a0, a1, a2
    CHECK  a0, 0xc000000000000000
    li   a2, -1
    mul    a0, a1, a2                 /* -2^63 * -1 wraps */
    CHECK  a0, 0x8000000000000000
    mulh   a0, a1, a2
    CHECK  a0, 0
    mulhu  a0, a1, a2
    CHECK  a0, 0x7fffffffffffffff
    mulhsu a0, a1, a2
    CHECK  a0, 0x8000000000000000
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    mul    a0, a1, a2
    CHECK  a0, 0x236d88fe5618cf00
    mulh   a0, a1, a2
    CHECK  a0, 0xffeb49923cc09532
    mulhu  a0, a1, a2
    CHECK  a0, 0x121fa00ad77d7422
    mulhsu a0, a1, a2
    CHECK  a0, 0x121fa00ad77d7422
    li   a1, -2
    li   a2, 3
    mulh   a0, a1, a2
    CHECK  a0, -1
    mulhu  a0, a1, a2
    CHECK  a0, 2
    mulhsu a0, a1, a2
    CHECK  a0, -1
    mulhsu a0, a2, a1                 /* 3 * (2^64-2) */
    CHECK  a0, 2
    mul    x0, a1, a2
    CHECK  x0, 0

    /* ---- MULW ---- */
    li   a1, 0x7fffffff
    li   a2, 2
    mulw a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0x12345678
    li   a2, 0x9abcdef0
    mulw a0, a1, a2
    CHECK a0, 0x242d2080
    li   a1, 0xffffffff00000003       /* upper halves ignored */
    li   a2, 0x00000005ffffffff
    mulw a0, a1, a2
    CHECK a0, -3

    /* ---- DIV / DIVU / REM / REMU ---- */
    li   a1, 7
    li   a2, -2
    div  a0, a1, a2                   /* truncates toward zero */
    CHECK a0, -3
    rem  a0, a1, a2                   /* sign of dividend */
    CHECK a0, 1
    li   a1, -7
    li   a2, 2
    div  a0, a1, a2
    CHECK a0, -3
    rem  a0, a1, a2
    CHECK a0, -1
    divu a0, a1, a2
    CHECK a0, 0x7ffffffffffffffc
    remu a0, a1, a2
    CHECK a0, 1
    /* by zero */
    li   a1, 12345
    div  a0, a1, x0
    CHECK a0, -1
    divu a0, a1, x0
    CHECK a0, 0xffffffffffffffff
    rem  a0, a1, x0
    CHECK a0, 12345
    remu a0, a1, x0
    CHECK a0, 12345
    li   a1, -5
    rem  a0, a1, x0
    CHECK a0, -5
    /* signed overflow */
    li   a1, 0x8000000000000000
    li   a2, -1
    div  a0, a1, a2
    CHECK a0, 0x8000000000000000
    rem  a0, a1, a2
    CHECK a0, 0
    divu a0, a1, a2
    CHECK a0, 0
    remu a0, a1, a2
    CHECK a0, 0x8000000000000000
    div  x0, a1, a2
    CHECK x0, 0

    /* ---- DIVW / DIVUW / REMW / REMUW ---- */
    li   a1, 0xffffffff80000000       /* INT32_MIN */
    li   a2, -1
    divw  a0, a1, a2
    CHECK a0, 0xffffffff80000000
    remw  a0, a1, a2
    CHECK a0, 0
    divuw a0, a1, a2                  /* 0x80000000 / 0xffffffff */
    CHECK a0, 0
    remuw a0, a1, a2                  /* 0x80000000, sign-extended */
    CHECK a0, 0xffffffff80000000
    li   a1, 0x100000007              /* upper half ignored: 7 */
    li   a2, 0x2fffffffe              /* -2 */
    divw  a0, a1, a2
    CHECK a0, -3
    remw  a0, a1, a2
    CHECK a0, 1
    divuw a0, a1, a2                  /* 7 / 0xfffffffe */
    CHECK a0, 0
    remuw a0, a1, a2
    CHECK a0, 7
    /* by zero */
    li   a1, 0x1fffffff9              /* low half -7 */
    divw  a0, a1, x0
    CHECK a0, -1
    divuw a0, a1, x0
    CHECK a0, -1                      /* 0xffffffff sign-extended */
    remw  a0, a1, x0
    CHECK a0, -7
    remuw a0, a1, x0
    CHECK a0, -7                      /* 0xfffffff9 sign-extended */
    li   a1, 0x80000001
    li   a2, 1
    divuw a0, a1, a2                  /* result bit 31 set: sign-extends */
    CHECK a0, 0xffffffff80000001
    li   a1, 100
    li   a2, 0x100000007              /* divisor low half 7 */
    divw  a0, a1, a2
    CHECK a0, 14
    remw  a0, a1, a2
    CHECK a0, 2

    PASS
