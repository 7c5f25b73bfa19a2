package org.ckbvm.isa;

import static org.ckbvm.isa.DecoderAssertions.ALL;
import static org.ckbvm.isa.DecoderAssertions.IMC;
import static org.ckbvm.isa.DecoderAssertions.NOP16;
import static org.ckbvm.isa.DecoderAssertions.V0;
import static org.ckbvm.isa.DecoderAssertions.V1;
import static org.ckbvm.isa.DecoderAssertions.V2;
import static org.ckbvm.isa.DecoderAssertions.VERSIONS;
import static org.ckbvm.isa.DecoderAssertions.assertDecodes;
import static org.ckbvm.isa.DecoderAssertions.assertDecodesAll;
import static org.ckbvm.isa.DecoderAssertions.assertInvalid;
import static org.ckbvm.isa.DecoderAssertions.assertInvalidEverywhere;
import static org.ckbvm.isa.DecoderAssertions.hex;
import static org.ckbvm.isa.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * RVC decoding (CKB-VM rvc.rs). Encodings come from {@code riscv64-unknown-elf-as -march=rv64imac}
 * with explicit {@code c.*} mnemonics; HINT and reserved words were hand-assembled and checked
 * with objdump.
 */
class InstructionDecoderRvcTest {

    private static final int SP = 2;

    private static void c(int bits, int opcode, int rd, int rs1, int rs2, int imm) {
        assertDecodesAll(bits, IMC, opcode, rd, rs1, rs2, imm, 2);
        assertDecodesAll(bits, ALL, opcode, rd, rs1, rs2, imm, 2);
    }

    private static void cVersioned(int bits, int op0, int op1, int rd, int rs1, int imm) {
        for (int isa : new int[] {IMC, ALL}) {
            assertDecodes(bits, V0, isa, op0, rd, rs1, 0, imm, 2);
            assertDecodes(bits, V1, isa, op1, rd, rs1, 0, imm, 2);
            assertDecodes(bits, V2, isa, op1, rd, rs1, 0, imm, 2);
        }
    }

    /** A HINT: InvalidInstruction on VERSION0, addi x0,x0,0 (length 2) from VERSION1 on. */
    private static void hint(int bits) {
        for (int isa : new int[] {IMC, ALL}) {
            assertInvalid(bits, V0, isa);
            assertDecodes(bits, V1, isa, ADDI, 0, 0, 0, 0, 2);
            assertDecodes(bits, V2, isa, ADDI, 0, 0, 0, 0, 2);
        }
    }

    @Test
    void quadrant0() {
        c(0x0040, ADDI, 8, SP, 0, 4);            // c.addi4spn s0,sp,4
        c(0x1ffc, ADDI, 15, SP, 0, 1020);        // c.addi4spn a5,sp,1020
        cVersioned(0x4188, LW_VERSION0, LW_VERSION1, 10, 11, 0);       // c.lw a0,0(a1)
        cVersioned(0x5fe4, LW_VERSION0, LW_VERSION1, 9, 15, 124);      // c.lw s1,124(a5)
        cVersioned(0x7ef0, LD_VERSION0, LD_VERSION1, 12, 13, 248);     // c.ld a2,248(a3)
        cVersioned(0x6000, LD_VERSION0, LD_VERSION1, 8, 8, 0);         // c.ld s0,0(s0)
        c(0xc3b8, SW, 0, 15, 14, 64);            // c.sw a4,64(a5)
        c(0xdce0, SW, 0, 9, 8, 124);             // c.sw s0,124(s1)
        c(0xfde8, SD, 0, 11, 10, 248);           // c.sd a0,248(a1)
        c(0xe41c, SD, 0, 8, 15, 8);              // c.sd a5,8(s0)
    }

    @Test
    void quadrant0Reserved() {
        assertInvalidEverywhere(0x0000);         // the all-zero word (c.unimp)
        assertInvalidEverywhere(0x0004);         // c.addi4spn s1,sp,0: nzuimm 0
        assertInvalidEverywhere(0x001c);         // c.addi4spn a5,sp,0
        assertInvalidEverywhere(0x2000);         // c.fld
        assertInvalidEverywhere(0x3ffc);         // c.fld with every field set
        assertInvalidEverywhere(0x8000);         // reserved funct3 100
        assertInvalidEverywhere(0x9ffc);
        assertInvalidEverywhere(0xa000);         // c.fsd
        assertInvalidEverywhere(0xbffc);
    }

    @Test
    void quadrant1() {
        c(0x0001, ADDI, 0, 0, 0, 0);             // c.nop
        c(0x057d, ADDI, 10, 10, 0, 31);          // c.addi a0,31
        c(0x1f81, ADDI, 31, 31, 0, -32);         // c.addi t6,-32
        c(0x35fd, ADDIW, 11, 11, 0, -1);         // c.addiw a1,-1
        c(0x2081, ADDIW, 1, 1, 0, 0);            // c.addiw ra,0 (sext.w: imm 0 is legal)
        c(0x5501, ADDI, 10, 0, 0, -32);          // c.li a0,-32 -> addi a0,x0,-32
        c(0x4ffd, ADDI, 31, 0, 0, 31);           // c.li t6,31
        c(0x7101, ADDI, SP, SP, 0, -512);        // c.addi16sp sp,-512
        c(0x617d, ADDI, SP, SP, 0, 496);         // c.addi16sp sp,496
        c(0x6141, ADDI, SP, SP, 0, 16);          // c.addi16sp sp,16
        c(0x6505, LUI, 10, 0, 0, 0x1000);        // c.lui a0,0x1
        c(0x72fd, LUI, 5, 0, 0, 0xfffff000);     // c.lui t0,0xfffff
        c(0x6ffd, LUI, 31, 0, 0, 0x1f000);       // c.lui t6,0x1f
        c(0x7401, LUI, 8, 0, 0, 0xfffe0000);     // c.lui s0,0xfffe0
        c(0x8105, SRLI, 10, 10, 0, 1);       // c.srli a0,0x1
        c(0x90fd, SRLI, 9, 9, 0, 63);            // c.srli s1,0x3f
        c(0x9781, SRAI, 15, 15, 0, 32);          // c.srai a5,0x20
        c(0x8405, SRAI, 8, 8, 0, 1);             // c.srai s0,0x1
        c(0x9a01, ANDI, 12, 12, 0, -32);         // c.andi a2,-32
        c(0x8a81, ANDI, 13, 13, 0, 0);           // c.andi a3,0 (imm 0 is legal)
        c(0x8b7d, ANDI, 14, 14, 0, 31);          // c.andi a4,31
        c(0x8d0d, SUB, 10, 10, 11, 0);           // c.sub a0,a1
        c(0x8c25, XOR, 8, 8, 9, 0);              // c.xor s0,s1
        c(0x8f5d, OR, 14, 14, 15, 0);            // c.or a4,a5
        c(0x8e75, AND, 12, 12, 13, 0);           // c.and a2,a3
        c(0x9d1d, SUBW, 10, 10, 15, 0);          // c.subw a0,a5
        c(0x9ca1, ADDW, 9, 9, 8, 0);             // c.addw s1,s0
        c(0xaffd, JAL, 0, 0, 0, 2046);           // c.j .+2046 -> jal x0
        c(0xb001, JAL, 0, 0, 0, -2048);          // c.j .-2048
        c(0xbffd, JAL, 0, 0, 0, -2);             // c.j .-2
        c(0xcd7d, BEQ, 0, 10, 0, 254);           // c.beqz a0,.+254 -> beq a0,x0
        c(0xd081, BEQ, 0, 9, 0, -256);           // c.beqz s1,.-256
        c(0xfffd, BNE, 0, 15, 0, -2);            // c.bnez a5,.-2
        c(0xe011, BNE, 0, 8, 0, 4);              // c.bnez s0,.+4
    }

    @Test
    void quadrant1Reserved() {
        assertInvalidEverywhere(0x2005);         // c.addiw x0,1: reserved on every version
        assertInvalidEverywhere(0x2001);         // c.addiw x0,0
        assertInvalidEverywhere(0x6101);         // c.addi16sp sp,0
        assertInvalidEverywhere(0x6501);         // c.lui a0,0
        assertInvalidEverywhere(0x6001);         // c.lui x0,0: reserved, not a HINT
        assertInvalidEverywhere(0x9c41);         // funct 1_11_10 (reserved, RV64)
        assertInvalidEverywhere(0x9c61);         // funct 1_11_11 (reserved, RV64)
    }

    @Test
    void shiftByZeroIsANopOnEveryVersion() {
        // rvc.rs "C.SRLI64"/"C.SRAI64": shamt 0 decodes to a NOP on every version, not as a
        // version-gated HINT.
        for (int bits : new int[] {0x8101, 0x8001, 0x8381, 0x8501, 0x8401, 0x8781}) {
            c(bits, ADDI, 0, 0, 0, 0);
        }
    }

    @Test
    void quadrant2() {
        c(0x0506, SLLI, 10, 10, 0, 1);           // c.slli a0,0x1
        c(0x1ffe, SLLI, 31, 31, 0, 63);          // c.slli t6,0x3f
        c(0x1082, SLLI, 1, 1, 0, 32);            // c.slli ra,0x20
        cVersioned(0x557e, LW_VERSION0, LW_VERSION1, 10, SP, 252);     // c.lwsp a0,252(sp)
        cVersioned(0x4082, LW_VERSION0, LW_VERSION1, 1, SP, 0);        // c.lwsp ra,0(sp)
        cVersioned(0x757e, LD_VERSION0, LD_VERSION1, 10, SP, 504);     // c.ldsp a0,504(sp)
        cVersioned(0x6fa2, LD_VERSION0, LD_VERSION1, 31, SP, 8);       // c.ldsp t6,8(sp)
        cVersioned(0x8082, JALR_VERSION0, JALR_VERSION1, 0, 1, 0);     // c.jr ra -> jalr x0,0(ra)
        cVersioned(0x8f82, JALR_VERSION0, JALR_VERSION1, 0, 31, 0);    // c.jr t6
        c(0x852e, ADD, 10, 0, 11, 0);            // c.mv a0,a1 -> add a0,x0,a1
        c(0x8f86, ADD, 31, 0, 1, 0);             // c.mv t6,ra
        c(0x9002, EBREAK, 0, 0, 0, 0);           // c.ebreak (length 2)
        cVersioned(0x9502, JALR_VERSION0, JALR_VERSION1, 1, 10, 0);    // c.jalr a0 -> jalr ra,0(a0)
        cVersioned(0x9082, JALR_VERSION0, JALR_VERSION1, 1, 1, 0);     // c.jalr ra
        c(0x952e, ADD, 10, 10, 11, 0);           // c.add a0,a1 -> add a0,a0,a1
        c(0x9ffe, ADD, 31, 31, 31, 0);           // c.add t6,t6
        c(0xdfaa, SW, 0, SP, 10, 252);           // c.swsp a0,252(sp)
        c(0xc002, SW, 0, SP, 0, 0);              // c.swsp zero,0(sp)
        c(0xff86, SD, 0, SP, 1, 504);            // c.sdsp ra,504(sp)
        c(0xe47e, SD, 0, SP, 31, 8);             // c.sdsp t6,8(sp)
    }

    @Test
    void quadrant2Reserved() {
        assertInvalidEverywhere(0x8002);         // c.jr x0
        assertInvalidEverywhere(0x4002);         // c.lwsp x0,0(sp)
        assertInvalidEverywhere(0x507e);         // c.lwsp x0,252(sp)
        assertInvalidEverywhere(0x6002);         // c.ldsp x0,0(sp)
        assertInvalidEverywhere(0x2002);         // c.fldsp
        assertInvalidEverywhere(0x3ffe);
        assertInvalidEverywhere(0xa002);         // c.fsdsp
        assertInvalidEverywhere(0xbffe);
    }

    @Test
    void hintsAreInvalidOnVersion0AndNopFromVersion1() {
        hint(0x0501);                            // c.addi a0,0
        hint(0x0005);                            // c.nop with imm 1 (c.addi x0,1)
        hint(0x107d);                            // c.nop with imm -1
        hint(0x4015);                            // c.li x0,5
        hint(0x4001);                            // c.li x0,0
        hint(0x6005);                            // c.lui x0,0x1
        hint(0x707d);                            // c.lui x0,0xfffff
        hint(0x802e);                            // c.mv x0,a1
        hint(0x902e);                            // c.add x0,a1
        hint(0x902a);                            // c.add x0,a0: ckb-vm test cadd_hints (36906)
        hint(0x0006);                            // c.slli x0,1
        hint(0x0502);                            // c.slli64 a0 (shamt 0)
        hint(0x0002);                            // c.slli64 x0
        hint(0x1002);                            // c.slli x0,32
    }

    @Test
    void onlyTheLow16BitsOfAnRvcWordMatter() {
        for (int v : VERSIONS) {
            for (int high : new int[] {0x0000, 0x0001, 0x8000, 0xdead, 0xffff}) {
                for (int low : new int[] {0x4188, 0x852e, 0x0000, 0x0501, 0x9002, 0xaffd}) {
                    assertEquals(InstructionDecoder.decode(low, v, ALL),
                            InstructionDecoder.decode(high << 16 | low, v, ALL), hex(high << 16 | low));
                }
            }
        }
        assertDecodes(0xffff4188, V1, IMC, LW_VERSION1, 10, 11, 0, 0, 2);
        assertInvalid(0x12340000, V1, ALL);
    }

    /**
     * The HINT set of docs/CKB_VM.md §1.2 item 6, written independently of the decoder: C.ADDI
     * with imm 0 and rd != 0, C.NOP with imm != 0, C.LI / C.LUI (imm != 0) / C.MV / C.ADD with
     * rd 0, C.SLLI with rd 0 or shamt 0.
     */
    private static boolean isHint(int w) {
        int quadrant = w & 3;
        int funct3 = (w >>> 13) & 7;
        int rd = (w >>> 7) & 31;
        int rs2 = (w >>> 2) & 31;
        int imm6 = ((w >>> 2) & 31) | ((w >>> 7) & 32);
        if (quadrant == 1 && funct3 == 0) return (rd != 0) == (imm6 == 0);
        if (quadrant == 1 && funct3 == 2) return rd == 0;
        if (quadrant == 1 && funct3 == 3) return rd == 0 && imm6 != 0;
        if (quadrant == 2 && funct3 == 4) return rd == 0 && rs2 != 0;
        if (quadrant == 2 && funct3 == 0) return rd == 0 || imm6 == 0;
        return false;
    }

    private static int toVersion1(int opcode) {
        switch (opcode) {
            case JALR_VERSION0: return JALR_VERSION1;
            case LW_VERSION0: return LW_VERSION1;
            case LD_VERSION0: return LD_VERSION1;
            default: return opcode;
        }
    }

    @Test
    void exhaustiveRvcVersionDifferencesAreExactlyTheHintsAndVersionedOpcodes() {
        int hints = 0;
        int valid0 = 0;
        for (int w = 0; w < 0x10000; w++) {
            if ((w & 3) == 3) continue;
            long v0 = InstructionDecoder.decode(w, V0, IMC);
            long v1 = InstructionDecoder.decode(w, V1, IMC);
            long v2 = InstructionDecoder.decode(w, V2, IMC);
            assertEquals(v1, v2, hex(w) + ": versions 1 and 2 decode RVC identically");
            assertEquals(v1, InstructionDecoder.decode(w, V1, ALL), hex(w) + ": RVC ignores ISA flags");
            if (isHint(w)) {
                hints++;
                assertEquals(InstructionDecoder.INVALID, v0, hex(w) + " is a HINT, invalid on v0");
                assertEquals(NOP16, v1, hex(w) + " is a HINT, NOP on v1");
                continue;
            }
            if (v0 == InstructionDecoder.INVALID) {
                assertEquals(InstructionDecoder.INVALID, v1, hex(w) + ": only HINTs change validity");
                continue;
            }
            valid0++;
            assertEquals(2, PackedInstruction.length(v0), hex(w));
            assertEquals(0, PackedInstruction.rs3(v0), hex(w));
            assertEquals(PackedInstruction.withOpcode(v0, toVersion1(PackedInstruction.opcode(v0))), v1,
                    hex(w) + ": v0 and v1 differ only by the versioned opcode");
        }
        // Size of the HINT set as enumerated by isHint: C.ADDI rd!=0 imm 0 (31) + C.NOP imm!=0 (63)
        // + C.LI rd 0 (64) + C.LUI rd 0 imm!=0 (63) + C.MV rd 0 rs2!=0 (31) + C.ADD rd 0 rs2!=0 (31)
        // + C.SLLI rd 0 or shamt 0 (64 + 31) = 378.
        assertEquals(378, hints);
        assertTrue(valid0 > 30000, "most RVC words are valid, got " + valid0);
    }
}
