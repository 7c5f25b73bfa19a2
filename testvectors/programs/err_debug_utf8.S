/* err_debug_utf8.S - debug syscall (2177) with a string that is not valid
 * UTF-8 ("ok \xff\xfe") -> VM error External. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    la   a0, msg
    li   a7, 2177
    ecall
    li   a0, 0
    li   a7, 93
    ecall
    .section .rodata
msg: .byte 'o', 'k', ' ', 0xff, 0xfe, 0
