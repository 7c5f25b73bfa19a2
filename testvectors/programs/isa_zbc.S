/* isa_zbc.S - every Zbc instruction (CLMUL, CLMULH, CLMULR) with edge values
 * (all ones, top bit, bit 0, zero).  Needs the B extension.
 * Self-checking: exit 0 = pass. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    clmul a0, a1, a2
    CHECK a0, 0xa0789828c810f00
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    clmulh a0, a1, a2
    CHECK a0, 0xe038d8688850b04
    li   a1, 0x123456789abcdef0
    li   a2, 0xfedcba9876543210
    clmulr a0, a1, a2
    CHECK a0, 0x1c071b0d110a1608
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    clmul a0, a1, a2
    CHECK a0, 0x5555555555555555
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    clmulh a0, a1, a2
    CHECK a0, 0x5555555555555555
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    clmulr a0, a1, a2
    CHECK a0, 0xaaaaaaaaaaaaaaaa
    li   a1, 0x8000000000000000
    li   a2, 0x2
    clmul a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    li   a2, 0x2
    clmulh a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x8000000000000000
    li   a2, 0x2
    clmulr a0, a1, a2
    CHECK a0, 0x2
    li   a1, 0x1
    li   a2, 0x1
    clmul a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x1
    li   a2, 0x1
    clmulh a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x1
    li   a2, 0x1
    clmulr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    clmul a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    clmulh a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    clmulr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x8000000000000001
    li   a2, 0x8000000000000001
    clmul a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x8000000000000001
    li   a2, 0x8000000000000001
    clmulh a0, a1, a2
    CHECK a0, 0x4000000000000000
    li   a1, 0x8000000000000001
    li   a2, 0x8000000000000001
    clmulr a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x3
    li   a2, 0x8000000000000000
    clmul a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x3
    li   a2, 0x8000000000000000
    clmulh a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x3
    li   a2, 0x8000000000000000
    clmulr a0, a1, a2
    CHECK a0, 0x3

    PASS
