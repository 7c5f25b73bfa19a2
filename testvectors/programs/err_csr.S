/* err_csr.S - a CSR instruction (rdcycle = csrrs a0, cycle, x0): CKB-VM has no
 * CSRs, the SYSTEM opcode only decodes ECALL/EBREAK -> InvalidInstruction. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    .word 0xc0002573          /* rdcycle a0 */
    li   a0, 0
    li   a7, 93
    ecall
