package org.ckbvm.machine;

/** Encoders for the RV64 instructions machine tests need (test-only, standard RISC-V formats). */
final class Asm {
    private Asm() {}

    static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    static int i(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    static int s(int imm, int rs2, int rs1, int funct3, int opcode) {
        return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | opcode;
    }

    static int b(int imm, int rs2, int rs1, int funct3) {
        return ((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12
                | ((imm >> 1) & 0xf) << 8 | ((imm >> 11) & 1) << 7 | 0x63;
    }

    static int addi(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x13); }
    static int slli(int rd, int rs1, int shamt) { return i(shamt, rs1, 1, rd, 0x13); }
    static int add(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 0, rd, 0x33); }
    static int sub(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 0, rd, 0x33); }
    static int sltu(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 3, rd, 0x33); }
    static int or(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 6, rd, 0x33); }
    static int mul(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 0, rd, 0x33); }
    static int mulh(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 1, rd, 0x33); }
    static int mulhu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 3, rd, 0x33); }
    static int div(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 4, rd, 0x33); }
    static int rem(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 6, rd, 0x33); }
    static int lui(int rd, int upper) { return upper & 0xfffff000 | rd << 7 | 0x37; }
    static int auipc(int rd, int upper) { return upper & 0xfffff000 | rd << 7 | 0x17; }
    static int addiw(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x1b); }
    static int jalr(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x67); }
    static int ld(int rd, int rs1, int imm) { return i(imm, rs1, 3, rd, 0x03); }
    static int sd(int rs2, int rs1, int imm) { return s(imm, rs2, rs1, 3, 0x23); }
    static int sb(int rs2, int rs1, int imm) { return s(imm, rs2, rs1, 0, 0x23); }
    static int beq(int rs1, int rs2, int offset) { return b(offset, rs2, rs1, 0); }
    static int bne(int rs1, int rs2, int offset) { return b(offset, rs2, rs1, 1); }
    static int jal(int rd, int offset) {
        return ((offset >> 20) & 1) << 31 | ((offset >> 1) & 0x3ff) << 21 | ((offset >> 11) & 1) << 20
                | ((offset >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
    }
    static int ecall() { return 0x73; }

    /** li a7, n; ecall (a0 already set); one addi for |n| < 2048, else lui + addi. */
    static int[] syscall(int number) {
        if (number >= -2048 && number < 2048) {
            return new int[] {addi(A7, ZERO, number), ecall()};
        }
        int lo = (number << 20) >> 20;
        int hi = number - lo;
        return new int[] {lui(A7, hi), addi(A7, A7, lo), ecall()};
    }

    /**
     * n ADC groups on t0, t1, t2 (add t0,t0,t1; sltu t1,t0,t1; add t0,t0,t2; sltu t2,t0,t2;
     * or t1,t1,t2): 20 bytes, one fused item under MOP.
     */
    static int[] adcGroups(int n) {
        int[] words = new int[5 * n];
        for (int k = 0; k < n; k++) {
            words[5 * k] = add(T0, T0, T1);
            words[5 * k + 1] = sltu(T1, T0, T1);
            words[5 * k + 2] = add(T0, T0, T2);
            words[5 * k + 3] = sltu(T2, T0, T2);
            words[5 * k + 4] = or(T1, T1, T2);
        }
        return words;
    }

    static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A7 = 17;
}
