/* v_trace_alias.S - the V0/V1 trace-cache aliasing bug (docs/CKB_VM.md §1.3 item 4).
 * The trace starting at L (addi a0,a0,1; jr s1) is executed once and cached.
 * Then we jump to L + 2^32.  V0/V1 compare only the low 32 bits of pc with
 * the cached trace's address, so the cached trace runs again -> a0 == 2 ->
 * exit 0.  V2 compares the full pc -> fetch at L + 2^32 -> MemOutOfBound.
 * (The Rust DefaultMachine would fail on every version; CKB's reference is
 * the asm machine.  Not runnable under qemu.) */
#include "exit.inc"
    .section .text.start, "ax"
    .globl _start
_start:
    li   a0, 0
    la   s1, back1
    j    L
back1:
    la   s1, back2
    li   t0, 1
    slli t0, t0, 32
    la   t1, L
    add  t0, t0, t1
    jr   t0
back2:
    addi a0, a0, -2
    li   a7, 93
    ecall
    .balign 64
L:  addi a0, a0, 1
    jr   s1
