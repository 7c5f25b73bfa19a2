/* sys_vm_version.S - exit with the result of vm_version (2041): 1 on V1, 2 on
 * V2; V0 has no such syscall -> InvalidEcall. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   a7, 2041
    ecall
    li   a7, 93
    ecall
