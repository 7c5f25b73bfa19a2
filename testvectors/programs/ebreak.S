/* ebreak.S - EBREAK (and C.EBREAK) are no-ops in CKB-VM without a debugger
 * (cost 500 each in the ckb model) -> exit 0.  (qemu would raise SIGTRAP.) */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    ebreak
    .hword 0x9002             /* c.ebreak */
    .hword 0x0001             /* c.nop, keeps alignment */
    li   a0, 0
    li   a7, 93
    ecall
