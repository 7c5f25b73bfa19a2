/* isa_zbs.S - every Zbs instruction (BCLR, BCLRI, BEXT, BEXTI, BINV, BINVI, BSET,
 * BSETI) with bit indexes 0/1/31/32/63 and register indexes using only the low
 * 6 bits (64 -> 0, -1 -> 63).  Needs the B extension.
 * Self-checking: exit 0 = pass. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a1, 0x0
    li   a2, 0x0
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x0
    bset a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x0
    li   a2, 0x0
    binv a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x0
    li   a2, 0x0
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x1
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x1
    bset a0, a1, a2
    CHECK a0, 0x2
    li   a1, 0x0
    li   a2, 0x1
    binv a0, a1, a2
    CHECK a0, 0x2
    li   a1, 0x0
    li   a2, 0x1
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x1f
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x1f
    bset a0, a1, a2
    CHECK a0, 0x80000000
    li   a1, 0x0
    li   a2, 0x1f
    binv a0, a1, a2
    CHECK a0, 0x80000000
    li   a1, 0x0
    li   a2, 0x1f
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x20
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x20
    bset a0, a1, a2
    CHECK a0, 0x100000000
    li   a1, 0x0
    li   a2, 0x20
    binv a0, a1, a2
    CHECK a0, 0x100000000
    li   a1, 0x0
    li   a2, 0x20
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x3f
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x3f
    bset a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    li   a2, 0x3f
    binv a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    li   a2, 0x3f
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x40
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0x40
    bset a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x0
    li   a2, 0x40
    binv a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x0
    li   a2, 0x40
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    bclr a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    bset a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    binv a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    bclri a0, a1, 0
    CHECK a0, 0x0
    li   a1, 0x0
    bseti a0, a1, 0
    CHECK a0, 0x1
    li   a1, 0x0
    binvi a0, a1, 0
    CHECK a0, 0x1
    li   a1, 0x0
    bexti a0, a1, 0
    CHECK a0, 0x0
    li   a1, 0x0
    bclri a0, a1, 1
    CHECK a0, 0x0
    li   a1, 0x0
    bseti a0, a1, 1
    CHECK a0, 0x2
    li   a1, 0x0
    binvi a0, a1, 1
    CHECK a0, 0x2
    li   a1, 0x0
    bexti a0, a1, 1
    CHECK a0, 0x0
    li   a1, 0x0
    bclri a0, a1, 31
    CHECK a0, 0x0
    li   a1, 0x0
    bseti a0, a1, 31
    CHECK a0, 0x80000000
    li   a1, 0x0
    binvi a0, a1, 31
    CHECK a0, 0x80000000
    li   a1, 0x0
    bexti a0, a1, 31
    CHECK a0, 0x0
    li   a1, 0x0
    bclri a0, a1, 32
    CHECK a0, 0x0
    li   a1, 0x0
    bseti a0, a1, 32
    CHECK a0, 0x100000000
    li   a1, 0x0
    binvi a0, a1, 32
    CHECK a0, 0x100000000
    li   a1, 0x0
    bexti a0, a1, 32
    CHECK a0, 0x0
    li   a1, 0x0
    bclri a0, a1, 63
    CHECK a0, 0x0
    li   a1, 0x0
    bseti a0, a1, 63
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    binvi a0, a1, 63
    CHECK a0, 0x8000000000000000
    li   a1, 0x0
    bexti a0, a1, 63
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    bclr a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    binv a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    bclr a0, a1, a2
    CHECK a0, 0xfffffffffffffffd
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    binv a0, a1, a2
    CHECK a0, 0xfffffffffffffffd
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x1f
    bclr a0, a1, a2
    CHECK a0, 0xffffffff7fffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1f
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1f
    binv a0, a1, a2
    CHECK a0, 0xffffffff7fffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1f
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x20
    bclr a0, a1, a2
    CHECK a0, 0xfffffffeffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x20
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x20
    binv a0, a1, a2
    CHECK a0, 0xfffffffeffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x20
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x3f
    bclr a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x3f
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x3f
    binv a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x3f
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x40
    bclr a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x40
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x40
    binv a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x40
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    bclr a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    bset a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    binv a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0xffffffffffffffff
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    bclri a0, a1, 0
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    bseti a0, a1, 0
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    binvi a0, a1, 0
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0xffffffffffffffff
    bexti a0, a1, 0
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    bclri a0, a1, 1
    CHECK a0, 0xfffffffffffffffd
    li   a1, 0xffffffffffffffff
    bseti a0, a1, 1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    binvi a0, a1, 1
    CHECK a0, 0xfffffffffffffffd
    li   a1, 0xffffffffffffffff
    bexti a0, a1, 1
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    bclri a0, a1, 31
    CHECK a0, 0xffffffff7fffffff
    li   a1, 0xffffffffffffffff
    bseti a0, a1, 31
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    binvi a0, a1, 31
    CHECK a0, 0xffffffff7fffffff
    li   a1, 0xffffffffffffffff
    bexti a0, a1, 31
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    bclri a0, a1, 32
    CHECK a0, 0xfffffffeffffffff
    li   a1, 0xffffffffffffffff
    bseti a0, a1, 32
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    binvi a0, a1, 32
    CHECK a0, 0xfffffffeffffffff
    li   a1, 0xffffffffffffffff
    bexti a0, a1, 32
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    bclri a0, a1, 63
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    bseti a0, a1, 63
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    binvi a0, a1, 63
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0xffffffffffffffff
    bexti a0, a1, 63
    CHECK a0, 0x1
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    bset a0, a1, a2
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    binv a0, a1, a2
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    bset a0, a1, a2
    CHECK a0, 0x123456789abcdef2
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    binv a0, a1, a2
    CHECK a0, 0x123456789abcdef2
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    bclr a0, a1, a2
    CHECK a0, 0x123456781abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    bset a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    binv a0, a1, a2
    CHECK a0, 0x123456781abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    bext a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    bset a0, a1, a2
    CHECK a0, 0x123456799abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    binv a0, a1, a2
    CHECK a0, 0x123456799abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    bset a0, a1, a2
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    binv a0, a1, a2
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    bset a0, a1, a2
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    binv a0, a1, a2
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    bclr a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    bset a0, a1, a2
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    binv a0, a1, a2
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    bext a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    bclri a0, a1, 0
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    bseti a0, a1, 0
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    binvi a0, a1, 0
    CHECK a0, 0x123456789abcdef1
    li   a1, 0x123456789abcdef0
    bexti a0, a1, 0
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    bclri a0, a1, 1
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    bseti a0, a1, 1
    CHECK a0, 0x123456789abcdef2
    li   a1, 0x123456789abcdef0
    binvi a0, a1, 1
    CHECK a0, 0x123456789abcdef2
    li   a1, 0x123456789abcdef0
    bexti a0, a1, 1
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    bclri a0, a1, 31
    CHECK a0, 0x123456781abcdef0
    li   a1, 0x123456789abcdef0
    bseti a0, a1, 31
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    binvi a0, a1, 31
    CHECK a0, 0x123456781abcdef0
    li   a1, 0x123456789abcdef0
    bexti a0, a1, 31
    CHECK a0, 0x1
    li   a1, 0x123456789abcdef0
    bclri a0, a1, 32
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    bseti a0, a1, 32
    CHECK a0, 0x123456799abcdef0
    li   a1, 0x123456789abcdef0
    binvi a0, a1, 32
    CHECK a0, 0x123456799abcdef0
    li   a1, 0x123456789abcdef0
    bexti a0, a1, 32
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    bclri a0, a1, 63
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    bseti a0, a1, 63
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    binvi a0, a1, 63
    CHECK a0, 0x923456789abcdef0
    li   a1, 0x123456789abcdef0
    bexti a0, a1, 63
    CHECK a0, 0x0

    PASS
