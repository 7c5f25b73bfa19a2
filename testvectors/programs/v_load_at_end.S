/* v_load_at_end.S - a load whose last byte is the last byte of memory
 * (address + width == 4 MiB).  Built once per load instruction (-DINSN=...):
 * V0 -> MemOutOfBound, V1+ -> reads 0 (top of the empty stack) -> exit 0.
 * Exit 1 if the value read is not 0.  (Not runnable under qemu: no memory
 * is mapped there.) */
#include "exit.inc"
    .section .text.start, "ax"
    .globl _start
_start:
    li   s0, 0x400000 - WIDTH
    mv   sp, s0
    li   a0, -1
#if defined(RVC_SP)
    INSN a0, 0(sp)
#else
    INSN a0, 0(s0)
#endif
    bnez a0, bad
    EXIT 0
bad:
    EXIT 1
