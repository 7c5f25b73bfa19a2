/* err_exec_rodata.S - jump into a read-only (R, FREEZED, not EXECUTABLE) page
 * holding valid code -> MemWriteOnExecutablePage. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, code_in_rodata
    jr   t0
    .section .rodata
    .balign 4
code_in_rodata:
    .word 0x00000513, 0x05d00893, 0x00000073
