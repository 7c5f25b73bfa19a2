/* crt0.S - start code for the C test programs.
 * CKB-VM (and Linux/qemu) enter at _start with sp pointing at argc, followed by
 * the argv pointers.  (Under CKB-VM version 0 there is no NULL after argv and sp
 * is not 16-byte aligned, so we realign sp before calling C code.)
 * main(argc, argv)'s return value becomes the exit code (syscall 93).
 * `jal` (not `call`): auipc ra + jalr ra,lo(ra) has rd == rs1, which V0 gets wrong. */
    .section .text.start, "ax"
    .globl _start
_start:
    lw   a0, 0(sp)          /* argc: lw, because on V0 with no args argc sits in the
                               last 8 bytes of memory and V0 rejects a load that
                               ends exactly at 4 MiB (argc is a 32-bit store there) */
    addi a1, sp, 8          /* argv */
    andi sp, sp, -16
    jal  ra, main
    li   a7, 93
    ecall
