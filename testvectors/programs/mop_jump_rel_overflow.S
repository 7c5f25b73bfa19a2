/* mop_jump_rel_overflow.S - `auipc ra, 0x80000; jalr ra, -1(ra)` at 0x10000:
 * the two immediates (-2^31 and -1) overflow i32.  V1+MOP fuses with a
 * wrapping add: target = 0x10000 + 0x7fffffff, bit 0 cleared = 0x8000fffe.
 * V2 (checked add) does not fuse, nor does no-MOP: target = 0xffffffff8000fffe.
 * Both are outside memory -> MemOutOfBound; the final pc differs. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    auipc ra, 0x80000
    jalr ra, -1(ra)
