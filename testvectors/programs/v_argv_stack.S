/* v_argv_stack.S - exact stack layout written by CKB-VM for args ["a", "bc"]
 * (docs/CKB_VM.md §4.3).  Strings: "a\0" at 0x3ffffe, "bc\0" at 0x3ffffb.
 *   V1+: sp = 0x3fffd0 (16-aligned), [sp]=2, [sp+8]=0x3ffffe,
 *        [sp+16]=0x3ffffb, [sp+24]=0 (argv NULL)          -> exit 0
 *   V0:  sp = 0x3fffe3 (no alignment, no NULL, 8-byte slots written with
 *        32-bit stores), [sp]=2, [sp+8]=0x3ffffe, [sp+16]=0x3ffffb -> exit 1
 *   anything else                                           -> exit 3
 * Run with other args it exits 3 (V1+: with no args sp = 0x3ffff0, exit 3).
 * The NUL of "a" at 0x3fffff is not read: on V0 a load ending exactly at 4 MiB fails. */
#include "exit.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   t0, 0x400000 - 2
    li   t1, 0x400000 - 5
    ld   a0, 0(sp)
    li   a1, 2
    bne  a0, a1, other
    ld   a0, 8(sp)
    bne  a0, t0, other
    ld   a0, 16(sp)
    bne  a0, t1, other
    lbu  a0, 0(t0)
    li   a1, 'a'
    bne  a0, a1, other
    /* (the NUL after "a" is the last byte of memory: V0 cannot read it) */
    lbu  a0, 0(t1)
    li   a1, 'b'
    bne  a0, a1, other
    lbu  a0, 1(t1)
    li   a1, 'c'
    bne  a0, a1, other
    lbu  a0, 2(t1)
    bnez a0, other
    li   a1, 0x3fffd0
    beq  sp, a1, v1
    li   a1, 0x3fffe3
    beq  sp, a1, v0
    j    other
v1: ld   a0, 24(sp)
    bnez a0, other
    EXIT 0
v0: EXIT 1
other:
    EXIT 3
