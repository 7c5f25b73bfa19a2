/* isa_zba.S - every Zba instruction (ADD.UW, SH1ADD, SH2ADD, SH3ADD, SH1ADD.UW,
 * SH2ADD.UW, SH3ADD.UW, SLLI.UW) with edge values: only the low 32 bits of rs1
 * are used by the .UW forms (zero-extended), 64-bit wrap-around, SLLI.UW by
 * 0/1/31/32/63.  Needs the B extension.  Self-checking: exit 0 = pass. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a1, 0xffffffff80000000
    li   a2, 0x1
    add.uw a0, a1, a2
    CHECK a0, 0x80000001
    li   a1, 0x123456789abcdef0
    li   a2, 0x10
    add.uw a0, a1, a2
    CHECK a0, 0x9abcdf00
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    add.uw a0, a1, a2
    CHECK a0, 0xfffffffe
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh1add a0, a1, a2
    CHECK a0, 0x7
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh1add.uw a0, a1, a2
    CHECK a0, 0x7
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh1add a0, a1, a2
    CHECK a0, 0x23456789abcdeff0
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh1add.uw a0, a1, a2
    CHECK a0, 0xfedcba99abcdeff0
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh1add a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh1add.uw a0, a1, a2
    CHECK a0, 0x1fffffffe
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh2add a0, a1, a2
    CHECK a0, 0x9
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh2add.uw a0, a1, a2
    CHECK a0, 0x9
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh2add a0, a1, a2
    CHECK a0, 0x47ae147ae147add0
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh2add.uw a0, a1, a2
    CHECK a0, 0xfedcba9ae147add0
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh2add a0, a1, a2
    CHECK a0, 0xfffffffffffffffc
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh2add.uw a0, a1, a2
    CHECK a0, 0x3fffffffc
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh3add a0, a1, a2
    CHECK a0, 0xd
    li   a1, 0x8000000000000001
    li   a2, 0x5
    sh3add.uw a0, a1, a2
    CHECK a0, 0xd
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh3add a0, a1, a2
    CHECK a0, 0x907f6e5d4c3b2990
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    sh3add.uw a0, a1, a2
    CHECK a0, 0xfedcba9d4c3b2990
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh3add a0, a1, a2
    CHECK a0, 0xfffffffffffffff8
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    sh3add.uw a0, a1, a2
    CHECK a0, 0x7fffffff8
    li   a1, 0xffffffff80000001
    slli.uw a0, a1, 0
    CHECK a0, 0x80000001
    li   a1, 0xffffffff80000001
    slli.uw a0, a1, 1
    CHECK a0, 0x100000002
    li   a1, 0xffffffff80000001
    slli.uw a0, a1, 31
    CHECK a0, 0x4000000080000000
    li   a1, 0xffffffff80000001
    slli.uw a0, a1, 32
    CHECK a0, 0x8000000100000000
    li   a1, 0xffffffff80000001
    slli.uw a0, a1, 63
    CHECK a0, 0x8000000000000000
    add.uw a0, a1, x0                 /* zext.w */
    li   t5, 0x80000001
    CHECKR a0, t5

    PASS
