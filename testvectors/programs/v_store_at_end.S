/* v_store_at_end.S - control for v_load_at_end: stores ending exactly at the
 * end of memory are allowed on every version (only V0 *loads* are off by one),
 * and reading them back works on V1+ only... so this one stores and exits
 * without loading: exit 0 on V0, V1 and V2. */
#include "exit.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   s0, 0x400000
    li   a1, -1
    sd   a1, -8(s0)
    sw   a1, -4(s0)
    sh   a1, -2(s0)
    sb   a1, -1(s0)
    EXIT 0
