/* err_jump_oob.S - jump to 0x400000 (first byte past 4 MiB) -> MemOutOfBound at fetch. */
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
    li   t0, 0x400000
    jr   t0
