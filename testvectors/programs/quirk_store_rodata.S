/* quirk_store_rodata.S - CKB-VM only checks the EXECUTABLE bit on stores, so a
 * read-only (R-only) segment is writable at run time: store 7 into .rodata,
 * read it back, exit 0 if it stuck.  (qemu/Linux would fault: not runnable there.) */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, ro
    li   t1, 7
    sd   t1, 0(t0)
    ld   a0, 0(t0)
    addi a0, a0, -7
    li   a7, 93
    ecall
    .section .rodata
    .balign 8
ro: .dword 0x1234
