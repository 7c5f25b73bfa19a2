/* sys_debug.S - debug syscall (2177) with valid UTF-8 (ASCII, 2-, 3- and 4-byte
 * sequences) and with an empty string, then exit 0.  The VM prints
 * "hello, CKB é ✓ 𝄞" and "".  (qemu returns ENOSYS for 2177 and the program
 * ignores it, so it also exits 0 there.) */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   a0, msg
    li   a7, 2177
    ecall
    la   a0, empty
    li   a7, 2177
    ecall
    li   a0, 0
    li   a7, 93
    ecall
    .section .rodata
msg:   .asciz "hello, CKB \xc3\xa9 \xe2\x9c\x93 \xf0\x9d\x84\x9e"
empty: .byte 0
