/* isa_zbb.S - every Zbb instruction (ANDN, ORN, XNOR, CLZ, CLZW, CTZ, CTZW, CPOP,
 * CPOPW, MAX, MAXU, MIN, MINU, SEXT.B, SEXT.H, ZEXT.H, ROL, ROLW, ROR, RORI,
 * RORIW, RORW, ORC.B, REV8) with edge values: zero inputs (clz/ctz = 64/32),
 * CLZW/CTZW/CPOPW ignoring the upper half, *W results sign-extended, rotate
 * amounts using only the low 6/5 bits, signed vs unsigned min/max.
 * Needs the B extension.  Self-checking: exit 0 = pass. */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a1, 0x0
    clz a0, a1
    CHECK a0, 0x40
    li   a1, 0x0
    ctz a0, a1
    CHECK a0, 0x40
    li   a1, 0x0
    clzw a0, a1
    CHECK a0, 0x20
    li   a1, 0x0
    ctzw a0, a1
    CHECK a0, 0x20
    li   a1, 0x0
    cpop a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    cpopw a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    orc.b a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    rev8 a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    sext.b a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    sext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0x0
    zext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0x1
    clz a0, a1
    CHECK a0, 0x3f
    li   a1, 0x1
    ctz a0, a1
    CHECK a0, 0x0
    li   a1, 0x1
    clzw a0, a1
    CHECK a0, 0x1f
    li   a1, 0x1
    ctzw a0, a1
    CHECK a0, 0x0
    li   a1, 0x1
    cpop a0, a1
    CHECK a0, 0x1
    li   a1, 0x1
    cpopw a0, a1
    CHECK a0, 0x1
    li   a1, 0x1
    orc.b a0, a1
    CHECK a0, 0xff
    li   a1, 0x1
    rev8 a0, a1
    CHECK a0, 0x100000000000000
    li   a1, 0x1
    sext.b a0, a1
    CHECK a0, 0x1
    li   a1, 0x1
    sext.h a0, a1
    CHECK a0, 0x1
    li   a1, 0x1
    zext.h a0, a1
    CHECK a0, 0x1
    li   a1, 0x8000000000000000
    clz a0, a1
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    ctz a0, a1
    CHECK a0, 0x3f
    li   a1, 0x8000000000000000
    clzw a0, a1
    CHECK a0, 0x20
#ifndef QEMU_CTZW_BUG  /* qemu 7.2 counts past bit 31 when the low word is 0 */
    li   a1, 0x8000000000000000
    ctzw a0, a1
    CHECK a0, 0x20
#endif
    li   a1, 0x8000000000000000
    cpop a0, a1
    CHECK a0, 0x1
    li   a1, 0x8000000000000000
    cpopw a0, a1
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    orc.b a0, a1
    CHECK a0, 0xff00000000000000
    li   a1, 0x8000000000000000
    rev8 a0, a1
    CHECK a0, 0x80
    li   a1, 0x8000000000000000
    sext.b a0, a1
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    sext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    zext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    clz a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    ctz a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    clzw a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    ctzw a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffffffffffff
    cpop a0, a1
    CHECK a0, 0x40
    li   a1, 0xffffffffffffffff
    cpopw a0, a1
    CHECK a0, 0x20
    li   a1, 0xffffffffffffffff
    orc.b a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    rev8 a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    sext.b a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    sext.h a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    zext.h a0, a1
    CHECK a0, 0xffff
    li   a1, 0x100000000
    clz a0, a1
    CHECK a0, 0x1f
    li   a1, 0x100000000
    ctz a0, a1
    CHECK a0, 0x20
    li   a1, 0x100000000
    clzw a0, a1
    CHECK a0, 0x20
#ifndef QEMU_CTZW_BUG  /* qemu 7.2 counts past bit 31 when the low word is 0 */
    li   a1, 0x100000000
    ctzw a0, a1
    CHECK a0, 0x20
#endif
    li   a1, 0x100000000
    cpop a0, a1
    CHECK a0, 0x1
    li   a1, 0x100000000
    cpopw a0, a1
    CHECK a0, 0x0
    li   a1, 0x100000000
    orc.b a0, a1
    CHECK a0, 0xff00000000
    li   a1, 0x100000000
    rev8 a0, a1
    CHECK a0, 0x1000000
    li   a1, 0x100000000
    sext.b a0, a1
    CHECK a0, 0x0
    li   a1, 0x100000000
    sext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0x100000000
    zext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffff
    clz a0, a1
    CHECK a0, 0x20
    li   a1, 0xffffffff
    ctz a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffff
    clzw a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffff
    ctzw a0, a1
    CHECK a0, 0x0
    li   a1, 0xffffffff
    cpop a0, a1
    CHECK a0, 0x20
    li   a1, 0xffffffff
    cpopw a0, a1
    CHECK a0, 0x20
    li   a1, 0xffffffff
    orc.b a0, a1
    CHECK a0, 0xffffffff
    li   a1, 0xffffffff
    rev8 a0, a1
    CHECK a0, 0xffffffff00000000
    li   a1, 0xffffffff
    sext.b a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffff
    sext.h a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffff
    zext.h a0, a1
    CHECK a0, 0xffff
    li   a1, 0x123456789abcdef0
    clz a0, a1
    CHECK a0, 0x3
    li   a1, 0x123456789abcdef0
    ctz a0, a1
    CHECK a0, 0x4
    li   a1, 0x123456789abcdef0
    clzw a0, a1
    CHECK a0, 0x0
    li   a1, 0x123456789abcdef0
    ctzw a0, a1
    CHECK a0, 0x4
    li   a1, 0x123456789abcdef0
    cpop a0, a1
    CHECK a0, 0x20
    li   a1, 0x123456789abcdef0
    cpopw a0, a1
    CHECK a0, 0x13
    li   a1, 0x123456789abcdef0
    orc.b a0, a1
    CHECK a0, 0xffffffffffffffff
    li   a1, 0x123456789abcdef0
    rev8 a0, a1
    CHECK a0, 0xf0debc9a78563412
    li   a1, 0x123456789abcdef0
    sext.b a0, a1
    CHECK a0, 0xfffffffffffffff0
    li   a1, 0x123456789abcdef0
    sext.h a0, a1
    CHECK a0, 0xffffffffffffdef0
    li   a1, 0x123456789abcdef0
    zext.h a0, a1
    CHECK a0, 0xdef0
    li   a1, 0x80000000
    clz a0, a1
    CHECK a0, 0x20
    li   a1, 0x80000000
    ctz a0, a1
    CHECK a0, 0x1f
    li   a1, 0x80000000
    clzw a0, a1
    CHECK a0, 0x0
    li   a1, 0x80000000
    ctzw a0, a1
    CHECK a0, 0x1f
    li   a1, 0x80000000
    cpop a0, a1
    CHECK a0, 0x1
    li   a1, 0x80000000
    cpopw a0, a1
    CHECK a0, 0x1
    li   a1, 0x80000000
    orc.b a0, a1
    CHECK a0, 0xff000000
    li   a1, 0x80000000
    rev8 a0, a1
    CHECK a0, 0x8000000000
    li   a1, 0x80000000
    sext.b a0, a1
    CHECK a0, 0x0
    li   a1, 0x80000000
    sext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0x80000000
    zext.h a0, a1
    CHECK a0, 0x0
    li   a1, 0xff000000000001
    clz a0, a1
    CHECK a0, 0x8
    li   a1, 0xff000000000001
    ctz a0, a1
    CHECK a0, 0x0
    li   a1, 0xff000000000001
    clzw a0, a1
    CHECK a0, 0x1f
    li   a1, 0xff000000000001
    ctzw a0, a1
    CHECK a0, 0x0
    li   a1, 0xff000000000001
    cpop a0, a1
    CHECK a0, 0x9
    li   a1, 0xff000000000001
    cpopw a0, a1
    CHECK a0, 0x1
    li   a1, 0xff000000000001
    orc.b a0, a1
    CHECK a0, 0xff0000000000ff
    li   a1, 0xff000000000001
    rev8 a0, a1
    CHECK a0, 0x10000000000ff00
    li   a1, 0xff000000000001
    sext.b a0, a1
    CHECK a0, 0x1
    li   a1, 0xff000000000001
    sext.h a0, a1
    CHECK a0, 0x1
    li   a1, 0xff000000000001
    zext.h a0, a1
    CHECK a0, 0x1
    li   a1, 0xffff00008000
    clz a0, a1
    CHECK a0, 0x10
    li   a1, 0xffff00008000
    ctz a0, a1
    CHECK a0, 0xf
    li   a1, 0xffff00008000
    clzw a0, a1
    CHECK a0, 0x10
    li   a1, 0xffff00008000
    ctzw a0, a1
    CHECK a0, 0xf
    li   a1, 0xffff00008000
    cpop a0, a1
    CHECK a0, 0x11
    li   a1, 0xffff00008000
    cpopw a0, a1
    CHECK a0, 0x1
    li   a1, 0xffff00008000
    orc.b a0, a1
    CHECK a0, 0xffff0000ff00
    li   a1, 0xffff00008000
    rev8 a0, a1
    CHECK a0, 0x800000ffff0000
    li   a1, 0xffff00008000
    sext.b a0, a1
    CHECK a0, 0x0
    li   a1, 0xffff00008000
    sext.h a0, a1
    CHECK a0, 0xffffffffffff8000
    li   a1, 0xffff00008000
    zext.h a0, a1
    CHECK a0, 0x8000
    li   a1, 0x123456789abcdef0
    li   a2, 0xff00ff00ff00ff00
    andn a0, a1, a2
    CHECK a0, 0x34007800bc00f0
    li   a1, 0x123456789abcdef0
    li   a2, 0xff00ff00ff00ff00
    orn a0, a1, a2
    CHECK a0, 0x12ff56ff9affdeff
    li   a1, 0x123456789abcdef0
    li   a2, 0xff00ff00ff00ff00
    xnor a0, a1, a2
    CHECK a0, 0x12cb56879a43de0f
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    andn a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    orn a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x0
    xnor a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    andn a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    orn a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x0
    li   a2, 0xffffffffffffffff
    xnor a0, a1, a2
    CHECK a0, 0x0
    li   a1, 0x8000000000000000
    li   a2, 0x1
    andn a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x8000000000000000
    li   a2, 0x1
    orn a0, a1, a2
    CHECK a0, 0xfffffffffffffffe
    li   a1, 0x8000000000000000
    li   a2, 0x1
    xnor a0, a1, a2
    CHECK a0, 0x7ffffffffffffffe
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    max a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    min a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    maxu a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0xffffffffffffffff
    li   a2, 0x1
    minu a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x1
    li   a2, 0xffffffffffffffff
    max a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x1
    li   a2, 0xffffffffffffffff
    min a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0x1
    li   a2, 0xffffffffffffffff
    maxu a0, a1, a2
    CHECK a0, 0xffffffffffffffff
    li   a1, 0x1
    li   a2, 0xffffffffffffffff
    minu a0, a1, a2
    CHECK a0, 0x1
    li   a1, 0x8000000000000000
    li   a2, 0x7fffffffffffffff
    max a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0x8000000000000000
    li   a2, 0x7fffffffffffffff
    min a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x8000000000000000
    li   a2, 0x7fffffffffffffff
    maxu a0, a1, a2
    CHECK a0, 0x8000000000000000
    li   a1, 0x8000000000000000
    li   a2, 0x7fffffffffffffff
    minu a0, a1, a2
    CHECK a0, 0x7fffffffffffffff
    li   a1, 0x5
    li   a2, 0x5
    max a0, a1, a2
    CHECK a0, 0x5
    li   a1, 0x5
    li   a2, 0x5
    min a0, a1, a2
    CHECK a0, 0x5
    li   a1, 0x5
    li   a2, 0x5
    maxu a0, a1, a2
    CHECK a0, 0x5
    li   a1, 0x5
    li   a2, 0x5
    minu a0, a1, a2
    CHECK a0, 0x5
    li   a1, 0xfffffffffffffffb
    li   a2, 0xfffffffffffffffa
    max a0, a1, a2
    CHECK a0, 0xfffffffffffffffb
    li   a1, 0xfffffffffffffffb
    li   a2, 0xfffffffffffffffa
    min a0, a1, a2
    CHECK a0, 0xfffffffffffffffa
    li   a1, 0xfffffffffffffffb
    li   a2, 0xfffffffffffffffa
    maxu a0, a1, a2
    CHECK a0, 0xfffffffffffffffb
    li   a1, 0xfffffffffffffffb
    li   a2, 0xfffffffffffffffa
    minu a0, a1, a2
    CHECK a0, 0xfffffffffffffffa
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    rol a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    ror a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    rolw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x0
    rorw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    rol a0, a1, a2
    CHECK a0, 0x2468acf13579bde0
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    ror a0, a1, a2
    CHECK a0, 0x91a2b3c4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    rolw a0, a1, a2
    CHECK a0, 0x3579bde1
    li   a1, 0x123456789abcdef0
    li   a2, 0x1
    rorw a0, a1, a2
    CHECK a0, 0x4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    rol a0, a1, a2
    CHECK a0, 0x4d5e6f78091a2b3c
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    ror a0, a1, a2
    CHECK a0, 0x3579bde02468acf1
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    rolw a0, a1, a2
    CHECK a0, 0x4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x1f
    rorw a0, a1, a2
    CHECK a0, 0x3579bde1
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    rol a0, a1, a2
    CHECK a0, 0x9abcdef012345678
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    ror a0, a1, a2
    CHECK a0, 0x9abcdef012345678
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    rolw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x20
    rorw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    rol a0, a1, a2
    CHECK a0, 0x91a2b3c4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    ror a0, a1, a2
    CHECK a0, 0x2468acf13579bde0
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    rolw a0, a1, a2
    CHECK a0, 0x4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x3f
    rorw a0, a1, a2
    CHECK a0, 0x3579bde1
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    rol a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    ror a0, a1, a2
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    rolw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x40
    rorw a0, a1, a2
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x123456789abcdef0
    li   a2, 0x41
    rol a0, a1, a2
    CHECK a0, 0x2468acf13579bde0
    li   a1, 0x123456789abcdef0
    li   a2, 0x41
    ror a0, a1, a2
    CHECK a0, 0x91a2b3c4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0x41
    rolw a0, a1, a2
    CHECK a0, 0x3579bde1
    li   a1, 0x123456789abcdef0
    li   a2, 0x41
    rorw a0, a1, a2
    CHECK a0, 0x4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    rol a0, a1, a2
    CHECK a0, 0x91a2b3c4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    ror a0, a1, a2
    CHECK a0, 0x2468acf13579bde0
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    rolw a0, a1, a2
    CHECK a0, 0x4d5e6f78
    li   a1, 0x123456789abcdef0
    li   a2, 0xffffffffffffffff
    rorw a0, a1, a2
    CHECK a0, 0x3579bde1
    li   a1, 0x80000001
    li   a2, 0x0
    rolw a0, a1, a2
    CHECK a0, 0xffffffff80000001
    li   a1, 0x80000001
    li   a2, 0x0
    rorw a0, a1, a2
    CHECK a0, 0xffffffff80000001
    li   a1, 0x80000001
    li   a2, 0x1
    rolw a0, a1, a2
    CHECK a0, 0x3
    li   a1, 0x80000001
    li   a2, 0x1
    rorw a0, a1, a2
    CHECK a0, 0xffffffffc0000000
    li   a1, 0x80000001
    li   a2, 0x1f
    rolw a0, a1, a2
    CHECK a0, 0xffffffffc0000000
    li   a1, 0x80000001
    li   a2, 0x1f
    rorw a0, a1, a2
    CHECK a0, 0x3
    li   a1, 0x80000001
    li   a2, 0x20
    rolw a0, a1, a2
    CHECK a0, 0xffffffff80000001
    li   a1, 0x80000001
    li   a2, 0x20
    rorw a0, a1, a2
    CHECK a0, 0xffffffff80000001
    li   a1, 0x80000001
    li   a2, 0x21
    rolw a0, a1, a2
    CHECK a0, 0x3
    li   a1, 0x80000001
    li   a2, 0x21
    rorw a0, a1, a2
    CHECK a0, 0xffffffffc0000000
    li   a1, 0x123456789abcdef0
    rori a0, a1, 0
    CHECK a0, 0x123456789abcdef0
    li   a1, 0x123456789abcdef0
    rori a0, a1, 1
    CHECK a0, 0x91a2b3c4d5e6f78
    li   a1, 0x123456789abcdef0
    rori a0, a1, 31
    CHECK a0, 0x3579bde02468acf1
    li   a1, 0x123456789abcdef0
    rori a0, a1, 32
    CHECK a0, 0x9abcdef012345678
    li   a1, 0x123456789abcdef0
    rori a0, a1, 63
    CHECK a0, 0x2468acf13579bde0
    li   a1, 0x123456789abcdef0
    roriw a0, a1, 0
    CHECK a0, 0xffffffff9abcdef0
    li   a1, 0x80000001
    roriw a0, a1, 0
    CHECK a0, 0xffffffff80000001
    li   a1, 0x123456789abcdef0
    roriw a0, a1, 1
    CHECK a0, 0x4d5e6f78
    li   a1, 0x80000001
    roriw a0, a1, 1
    CHECK a0, 0xffffffffc0000000
    li   a1, 0x123456789abcdef0
    roriw a0, a1, 31
    CHECK a0, 0x3579bde1
    li   a1, 0x80000001
    roriw a0, a1, 31
    CHECK a0, 0x3

    PASS
