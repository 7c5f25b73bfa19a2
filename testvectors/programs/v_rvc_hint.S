/* v_rvc_hint.S - one RVC HINT encoding (chosen with -DHINT=0x....), then exit 0.
 * V0: InvalidInstruction at the hint.  V1+: the hint is a NOP -> exit 0.
 * (qemu executes hints as NOPs too.)  With -DALL every hint is executed in a row. */
#include "exit.inc"
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
#ifdef ALL
    .hword 0x0501      /* c.addi a0, 0       (imm 0, rd != 0) */
    .hword 0x0005      /* c.nop with imm 1 */
    .hword 0x4005      /* c.li x0, 1 */
    .hword 0x6005      /* c.lui x0, 1 */
    .hword 0x802a      /* c.mv x0, a0 */
    .hword 0x902a      /* c.add x0, a0 */
    .hword 0x0006      /* c.slli x0, 1 */
    .hword 0x0502      /* c.slli a0, 0       (shamt 0) */
#else
    .hword HINT
#endif
    li   a7, 93
    ecall
