/* err_store_code.S - a store into the program's own code page
 * -> MemWriteOnExecutablePage (code pages are EXECUTABLE|FREEZED). */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, _start
    sw   zero, 0(t0)
    li   a0, 0
    li   a7, 93
    ecall
