/* rvc_pageend.S - a 16-bit instruction (c.jr) in the last 2 bytes of the last
 * executable page, followed by an unmapped/non-executable page: fetch reads only
 * 16 bits there, so it runs -> exit 0. */
    .section .text.start, "ax"
    .globl _start
_start:
    la   t0, done
    j    pageend
done:
    li   a0, 0
    li   a7, 93
    ecall
    .org 0xffe
pageend:
    c.jr t0
