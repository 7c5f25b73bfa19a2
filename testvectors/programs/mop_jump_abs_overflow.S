/* mop_jump_abs_overflow.S - `lui ra, 0x80000; jalr ra, -1(ra)`: FAR_JUMP_ABS
 * uses a wrapping i32 add on V1 and V2, so with MOP the target is 0x7ffffffe;
 * without MOP it is 0xffffffff7ffffffe.  Both -> MemOutOfBound, pc differs. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    lui  ra, 0x80000
    jalr ra, -1(ra)
