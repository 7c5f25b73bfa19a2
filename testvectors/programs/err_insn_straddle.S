/* err_insn_straddle.S - a 32-bit instruction starting 2 bytes before the end of
 * the last executable page; its second half lies in the (writable, non-
 * executable) data page -> MemWriteOnExecutablePage at fetch. */
    .section .text.start, "ax"
    .globl _start
_start:
    j    pageend
    .org 0xffe
pageend:
    .hword 0x0513             /* first half of addi a0, x0, 0 (0x00000513) */
    .section .data
    .hword 0x0000             /* second half, in the data page */
    .word 0x05d00893, 0x00000073
