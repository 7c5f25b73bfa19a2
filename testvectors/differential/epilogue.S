  # ---- epilogue: dump x1..x31 at 8..255 (page 0 is writable), checksum data, print hex, exit ----
the_end:
  sd x1, 8(x0)
  sd x2, 16(x0)
  sd x3, 24(x0)
  sd x4, 32(x0)
  sd x5, 40(x0)
  sd x6, 48(x0)
  sd x7, 56(x0)
  sd x8, 64(x0)
  sd x9, 72(x0)
  sd x10, 80(x0)
  sd x11, 88(x0)
  sd x12, 96(x0)
  sd x13, 104(x0)
  sd x14, 112(x0)
  sd x15, 120(x0)
  sd x16, 128(x0)
  sd x17, 136(x0)
  sd x18, 144(x0)
  sd x19, 152(x0)
  sd x20, 160(x0)
  sd x21, 168(x0)
  sd x22, 176(x0)
  sd x23, 184(x0)
  sd x24, 192(x0)
  sd x25, 200(x0)
  sd x26, 208(x0)
  sd x27, 216(x0)
  sd x28, 224(x0)
  sd x29, 232(x0)
  sd x30, 240(x0)
  sd x31, 248(x0)
  # checksum of the data area (36 KiB) into 256(x0)
  la t0, data_area
  li t1, 36864/8
  li t2, 0
1:
  ld t3, 0(t0)
  slli t4, t2, 7
  srli t5, t2, 57
  or t2, t4, t5
  xor t2, t2, t3
  addi t0, t0, 8
  addi t1, t1, -1
  bnez t1, 1b
  sd t2, 256(x0)
  # hex of the 32 words at 8..263 into 512.. (16 chars each)
  li t0, 8
  li t1, 512
  li t6, 32
2:
  ld t2, 0(t0)
  li t3, 16
3:
  srli t4, t2, 60
  slli t2, t2, 4
  addi t5, t4, 48
  li a1, 10
  blt t4, a1, 4f
  addi t5, t4, 87
4:
  sb t5, 0(t1)
  addi t1, t1, 1
  addi t3, t3, -1
  bnez t3, 3b
  li a1, 32
  sb a1, 0(t1)
  addi t1, t1, 1
  addi t0, t0, 8
  addi t6, t6, -1
  bnez t6, 2b
  sb x0, 0(t1)
  li a0, 512
  li a7, 2177
  ecall
  ld a0, 80(x0)
  li a7, 93
  ecall
