/* err_exec_data.S - jump into a writable data page holding valid code
 * (li a0,0; li a7,93; ecall): fetching from a non-executable page
 * -> MemWriteOnExecutablePage (same error name as for stores). */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, code_in_data
    jr   t0
    .section .data
    .balign 4
code_in_data:
    .word 0x00000513, 0x05d00893, 0x00000073
