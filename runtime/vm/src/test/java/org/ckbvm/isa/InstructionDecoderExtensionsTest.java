package org.ckbvm.isa;

import static org.ckbvm.isa.DecoderAssertions.VERSIONS;
import static org.ckbvm.isa.DecoderAssertions.assertDecodes;
import static org.ckbvm.isa.DecoderAssertions.assertInvalid;
import static org.ckbvm.isa.DecoderAssertions.assertInvalidEverywhere;
import static org.ckbvm.isa.Opcodes.*;

import org.junit.jupiter.api.Test;

/**
 * B (Zba/Zbb/Zbc/Zbs, CKB-VM b.rs) and A (a.rs) decoding, and their gating by {@link IsaFlags}.
 * Encodings come from {@code riscv64-unknown-elf-as -march=rv64imac_zba_zbb_zbc_zbs}.
 */
class InstructionDecoderExtensionsTest {

    private static final int B = IsaFlags.B;
    private static final int A = IsaFlags.A;
    private static final int MOP = IsaFlags.MOP;

    /** Decodes with B (with or without A and MOP) on every version; invalid without B. */
    private static void b(int bits, int opcode, int rd, int rs1, int rs2, int imm) {
        for (int v : VERSIONS) {
            for (int isa : new int[] {B, B | MOP, B | A, IsaFlags.ALL}) {
                assertDecodes(bits, v, isa, opcode, rd, rs1, rs2, imm, 4);
            }
            for (int isa : new int[] {IsaFlags.IMC, MOP, A, A | MOP}) {
                assertInvalid(bits, v, isa);
            }
        }
    }

    private static void bR(int bits, int opcode, int rd, int rs1, int rs2) {
        b(bits, opcode, rd, rs1, rs2, 0);
    }

    private static void bI(int bits, int opcode, int rd, int rs1, int shamt) {
        b(bits, opcode, rd, rs1, 0, shamt);
    }

    /** Decodes with A (with or without B and MOP) on every version; invalid without A. */
    private static void a(int bits, int opcode, int rd, int rs1, int rs2) {
        for (int v : VERSIONS) {
            for (int isa : new int[] {A, A | B, A | MOP, IsaFlags.ALL}) {
                assertDecodes(bits, v, isa, opcode, rd, rs1, rs2, 0, 4);
            }
            for (int isa : new int[] {IsaFlags.IMC, B, MOP, B | MOP}) {
                assertInvalid(bits, v, isa);
            }
        }
    }

    @Test
    void zba() {
        bR(0x08c5853b, ADD_UW, 10, 11, 12);      // add.uw a0,a1,a2
        bR(0x20c5a533, SH1ADD, 10, 11, 12);      // sh1add a0,a1,a2
        bR(0x20f726bb, SH1ADD_UW, 13, 14, 15);   // sh1add.uw a3,a4,a5
        bR(0x207342b3, SH2ADD, 5, 6, 7);         // sh2add t0,t1,t2
        bR(0x2124c43b, SH2ADD_UW, 8, 9, 18);     // sh2add.uw s0,s1,s2
        bR(0x21df6fb3, SH3ADD, 31, 30, 29);      // sh3add t6,t5,t4
        bR(0x203160bb, SH3ADD_UW, 1, 2, 3);      // sh3add.uw ra,sp,gp
    }

    @Test
    void slliUwHasASixBitShamt() {
        bI(0x0805951b, SLLI_UW, 10, 11, 0);      // slli.uw a0,a1,0x0
        bI(0x09f5951b, SLLI_UW, 10, 11, 31);     // slli.uw a0,a1,0x1f
        bI(0x0a05951b, SLLI_UW, 10, 11, 32);     // slli.uw a0,a1,0x20
        bI(0x0bf5951b, SLLI_UW, 10, 11, 63);     // slli.uw a0,a1,0x3f
        assertInvalidEverywhere(0x0c05951b);     // funct6 000011
        assertInvalidEverywhere(0x0805d51b);     // slli.uw pattern with funct3 101
    }

    @Test
    void zbbLogicAndMinMax() {
        bR(0x40c5f533, ANDN, 10, 11, 12);        // andn a0,a1,a2
        bR(0x40f766b3, ORN, 13, 14, 15);         // orn a3,a4,a5
        bR(0x4088c833, XNOR, 16, 17, 8);         // xnor a6,a7,s0
        bR(0x0ac5e533, MAX, 10, 11, 12);         // max a0,a1,a2
        bR(0x0af776b3, MAXU, 13, 14, 15);        // maxu a3,a4,a5
        bR(0x0a88c833, MIN, 16, 17, 8);          // min a6,a7,s0
        bR(0x0b3954b3, MINU, 9, 18, 19);         // minu s1,s2,s3
    }

    @Test
    void zbbUnaryKeepTheSelectorInRs2() {
        // b.rs builds these as Rtype with the rs2 field as encoded (the operation selector).
        bR(0x60059513, CLZ, 10, 11, 0);          // clz a0,a1
        bR(0x6003129b, CLZW, 5, 6, 0);           // clzw t0,t1
        bR(0x60149413, CTZ, 8, 9, 1);            // ctz s0,s1
        bR(0x6019991b, CTZW, 18, 19, 1);         // ctzw s2,s3
        bR(0x60269613, CPOP, 12, 13, 2);         // cpop a2,a3
        bR(0x6027971b, CPOPW, 14, 15, 2);        // cpopw a4,a5
        bR(0x60459513, SEXT_B, 10, 11, 4);       // sext.b a0,a1
        bR(0x60531293, SEXT_H, 5, 6, 5);         // sext.h t0,t1
        bR(0x0804c43b, ZEXT_H, 8, 9, 0);         // zext.h s0,s1 (RV64 encoding, OP-32)
        bR(0x2875d513, ORC_B, 10, 11, 7);        // orc.b a0,a1
        bR(0x6b835293, REV8, 5, 6, 24);          // rev8 t0,t1 (RV64: funct12 0x6b8)
    }

    @Test
    void zbbUnaryNeighboursAreInvalid() {
        assertInvalidEverywhere(0x60359513);     // OP-IMM funct12 0x603 (old bmatflip)
        assertInvalidEverywhere(0x60659513);     // 0x606
        assertInvalidEverywhere(0x61059513);     // 0x610 (old crc32.b)
        assertInvalidEverywhere(0x6035951b);     // OP-IMM-32 funct12 0x603
        assertInvalidEverywhere(0x6045951b);     // sext.b pattern on OP-IMM-32
        assertInvalidEverywhere(0x0814c43b);     // zext.h with rs2=1
        assertInvalidEverywhere(0x69835293);     // rev8 in its RV32 encoding (funct12 0x698)
        assertInvalidEverywhere(0x6bf35293);     // funct12 0x6bf (rev.b-like)
        assertInvalidEverywhere(0x2865d513);     // orc.b pattern with rs2=6
        assertInvalidEverywhere(0x28f5d513);     // orc.b pattern with rs2=15
    }

    @Test
    void zbbRotates() {
        bR(0x60c59533, ROL, 10, 11, 12);         // rol a0,a1,a2
        bR(0x60f716bb, ROLW, 13, 14, 15);        // rolw a3,a4,a5
        bR(0x6088d833, ROR, 16, 17, 8);          // ror a6,a7,s0
        bR(0x613954bb, RORW, 9, 18, 19);         // rorw s1,s2,s3
        bI(0x6005d513, RORI, 10, 11, 0);         // rori a0,a1,0x0
        bI(0x63f5d513, RORI, 10, 11, 63);        // rori a0,a1,0x3f
        bI(0x61f3529b, RORIW, 5, 6, 31);         // roriw t0,t1,0x1f
        bI(0x6013529b, RORIW, 5, 6, 1);          // roriw t0,t1,0x1
        // roriw matches funct7 exactly: shamt[5] set is invalid.
        assertInvalidEverywhere(0x6213529b);     // roriw t0,t1,33
        assertInvalidEverywhere(0x6003629b);     // funct7 0110000 funct3 110 on OP-IMM-32
    }

    @Test
    void zbc() {
        bR(0x0ac59533, CLMUL, 10, 11, 12);       // clmul a0,a1,a2
        bR(0x0af736b3, CLMULH, 13, 14, 15);      // clmulh a3,a4,a5
        bR(0x0a88a833, CLMULR, 16, 17, 8);       // clmulr a6,a7,s0
        assertInvalidEverywhere(0x0ac5853b);     // OP-32 funct7 0000101 (draft addwu)
    }

    @Test
    void zbs() {
        bR(0x48c59533, BCLR, 10, 11, 12);        // bclr a0,a1,a2
        bI(0x4bf59513, BCLRI, 10, 11, 63);       // bclri a0,a1,0x3f
        bR(0x487352b3, BEXT, 5, 6, 7);           // bext t0,t1,t2
        bI(0x4a035293, BEXTI, 5, 6, 32);         // bexti t0,t1,0x20
        bR(0x69249433, BINV, 8, 9, 18);          // binv s0,s1,s2
        bI(0x68049413, BINVI, 8, 9, 0);          // binvi s0,s1,0x0
        bR(0x28f716b3, BSET, 13, 14, 15);        // bset a3,a4,a5
        bI(0x29171693, BSETI, 13, 14, 17);       // bseti a3,a4,0x11
        assertInvalidEverywhere(0x28f756b3);     // bset funct7 with funct3 101
        assertInvalidEverywhere(0x29175693);     // bseti funct6 with funct3 101
        assertInvalidEverywhere(0x4bf5951b);     // bclri funct6 on OP-IMM-32 (old sbclriw)
    }

    @Test
    void lrAndScAndAmoIgnoreAqRl() {
        a(0x1005a52f, LR_W, 10, 11, 0);          // lr.w a0,(a1)
        a(0x160322af, LR_W, 5, 6, 0);            // lr.w.aqrl t0,(t1)
        a(0x18c5a52f, SC_W, 10, 11, 12);         // sc.w a0,a2,(a1)
        a(0x08c5a52f, AMOSWAP_W, 10, 11, 12);    // amoswap.w a0,a2,(a1)
        a(0x04c5a52f, AMOADD_W, 10, 11, 12);     // amoadd.w.aq a0,a2,(a1)
        a(0x22c5a52f, AMOXOR_W, 10, 11, 12);     // amoxor.w.rl a0,a2,(a1)
        a(0x60c5a52f, AMOAND_W, 10, 11, 12);     // amoand.w
        a(0x40c5a52f, AMOOR_W, 10, 11, 12);      // amoor.w
        a(0x80c5a52f, AMOMIN_W, 10, 11, 12);     // amomin.w
        a(0xa0c5a52f, AMOMAX_W, 10, 11, 12);     // amomax.w
        a(0xc0c5a52f, AMOMINU_W, 10, 11, 12);    // amominu.w
        a(0xe0c5a52f, AMOMAXU_W, 10, 11, 12);    // amomaxu.w
        a(0x1004b42f, LR_D, 8, 9, 0);            // lr.d s0,(s1)
        a(0x1f24b42f, SC_D, 8, 9, 18);           // sc.d.aqrl s0,s2,(s1)
        a(0x0924b42f, AMOSWAP_D, 8, 9, 18);      // amoswap.d s0,s2,(s1)
        a(0x0124b42f, AMOADD_D, 8, 9, 18);       // amoadd.d
        a(0x2124b42f, AMOXOR_D, 8, 9, 18);       // amoxor.d
        a(0x6124b42f, AMOAND_D, 8, 9, 18);       // amoand.d
        a(0x4124b42f, AMOOR_D, 8, 9, 18);        // amoor.d
        a(0x8124b42f, AMOMIN_D, 8, 9, 18);       // amomin.d
        a(0xa124b42f, AMOMAX_D, 8, 9, 18);       // amomax.d
        a(0xc124b42f, AMOMINU_D, 8, 9, 18);      // amominu.d
        a(0xe524b42f, AMOMAXU_D, 8, 9, 18);      // amomaxu.d.aq
    }

    @Test
    void aReservedEncodings() {
        assertInvalidEverywhere(0x1015a52f);     // lr.w with rs2=x1
        assertInvalidEverywhere(0x10c4b42f);     // lr.d with rs2=a2
        assertInvalidEverywhere(0x00c5852f);     // amoadd with funct3 000 (amoadd.b)
        assertInvalidEverywhere(0x00c5c52f);     // amoadd with funct3 100 (amoadd.q)
        assertInvalidEverywhere(0x28c5a52f);     // funct5 00101 (amocas.w)
        assertInvalidEverywhere(0x38c5a52f);     // funct5 00111
        assertInvalidEverywhere(0xf0c5a52f);     // funct5 11110
    }
}
