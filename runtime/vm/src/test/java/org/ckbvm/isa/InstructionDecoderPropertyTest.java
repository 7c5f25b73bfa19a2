package org.ckbvm.isa;

import static org.ckbvm.isa.DecoderAssertions.V0;
import static org.ckbvm.isa.DecoderAssertions.V1;
import static org.ckbvm.isa.DecoderAssertions.V2;
import static org.ckbvm.isa.DecoderAssertions.hex;
import static org.ckbvm.isa.InstructionDecoder.INVALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whole-encoding-space checks: counts of valid encodings per major opcode derived from the
 * specification (not from the decoder), and invariants over random 32-bit words.
 */
class InstructionDecoderPropertyTest {

    private static final int B = IsaFlags.B;
    private static final int A = IsaFlags.A;

    /** Counts the valid words {@code fixed | funct3 << 12 | top << 20} over funct3 and 12-bit top. */
    private static int countOverFunct3AndImm12(int fixed, int isa) {
        int n = 0;
        for (int funct3 = 0; funct3 < 8; funct3++) {
            for (int top = 0; top < 4096; top++) {
                if (InstructionDecoder.decode(fixed | funct3 << 12 | top << 20, V1, isa) != INVALID) n++;
            }
        }
        return n;
    }

    /** Counts the valid words {@code fixed | funct3 << 12 | funct7 << 25} over funct3 and funct7. */
    private static int countOverFunct3AndFunct7(int fixed, int isa) {
        int n = 0;
        for (int funct3 = 0; funct3 < 8; funct3++) {
            for (int funct7 = 0; funct7 < 128; funct7++) {
                if (InstructionDecoder.decode(fixed | funct3 << 12 | funct7 << 25, V1, isa) != INVALID) n++;
            }
        }
        return n;
    }

    private static int rdRs1(int opcode) {
        return opcode | 10 << 7 | 11 << 15; // rd a0, rs1 a1
    }

    @Test
    void opImmEncodingCounts() {
        int fixed = rdRs1(0b0010011);
        // ADDI/SLTI/SLTIU/XORI/ORI/ANDI: every 12-bit immediate; SLLI, SRLI, SRAI: 64 shamts each.
        assertEquals(6 * 4096 + 3 * 64, countOverFunct3AndImm12(fixed, IsaFlags.IMC));
        // B adds BCLRI, BEXTI, BINVI, BSETI, RORI (64 shamts each) and CLZ, CTZ, CPOP, SEXT.B,
        // SEXT.H, ORC.B, REV8 (one funct12 each).
        assertEquals(6 * 4096 + 3 * 64 + 5 * 64 + 7, countOverFunct3AndImm12(fixed, B));
    }

    @Test
    void opImm32EncodingCounts() {
        int fixed = rdRs1(0b0011011);
        // ADDIW: every immediate; SLLIW, SRLIW, SRAIW: 32 shamts each.
        assertEquals(4096 + 3 * 32, countOverFunct3AndImm12(fixed, IsaFlags.IMC));
        // B adds SLLI.UW (64 shamts), RORIW (32) and CLZW, CTZW, CPOPW.
        assertEquals(4096 + 3 * 32 + 64 + 32 + 3, countOverFunct3AndImm12(fixed, B));
    }

    @Test
    void opEncodingCounts() {
        int fixed = rdRs1(0b0110011) | 12 << 20;
        // ADD SUB SLL SLT SLTU XOR SRL SRA OR AND + 8 M ops.
        assertEquals(10 + 8, countOverFunct3AndFunct7(fixed, IsaFlags.IMC));
        // + ANDN ORN XNOR ROL ROR BINV BSET BCLR BEXT SH1ADD SH2ADD SH3ADD CLMUL CLMULH CLMULR
        //   MIN MINU MAX MAXU.
        assertEquals(10 + 8 + 19, countOverFunct3AndFunct7(fixed, B));
        assertEquals(10 + 8, countOverFunct3AndFunct7(fixed, A));
    }

    @Test
    void op32EncodingCounts() {
        int withRs2 = rdRs1(0b0111011) | 12 << 20;
        int rs2Zero = rdRs1(0b0111011);
        // ADDW SUBW SLLW SRLW SRAW + MULW DIVW DIVUW REMW REMUW.
        assertEquals(5 + 5, countOverFunct3AndFunct7(withRs2, IsaFlags.IMC));
        // + ADD.UW ROLW SH1ADD.UW SH2ADD.UW RORW SH3ADD.UW, and ZEXT.H only when rs2 is 0.
        assertEquals(5 + 5 + 6, countOverFunct3AndFunct7(withRs2, B));
        assertEquals(5 + 5 + 7, countOverFunct3AndFunct7(rs2Zero, B));
    }

    @Test
    void amoEncodingCounts() {
        int withRs2 = rdRs1(0b0101111) | 12 << 20;
        int rs2Zero = rdRs1(0b0101111);
        assertEquals(0, countOverFunct3AndFunct7(withRs2, IsaFlags.IMC | B | IsaFlags.MOP));
        // 11 operations x 2 widths x 4 aq/rl combinations; LR needs rs2 0.
        assertEquals(10 * 2 * 4, countOverFunct3AndFunct7(withRs2, A));
        assertEquals(11 * 2 * 4, countOverFunct3AndFunct7(rs2Zero, A));
    }

    private static int toVersion1(int opcode) {
        switch (opcode) {
            case Opcodes.JALR_VERSION0: return Opcodes.JALR_VERSION1;
            case Opcodes.LB_VERSION0: return Opcodes.LB_VERSION1;
            case Opcodes.LH_VERSION0: return Opcodes.LH_VERSION1;
            case Opcodes.LW_VERSION0: return Opcodes.LW_VERSION1;
            case Opcodes.LD_VERSION0: return Opcodes.LD_VERSION1;
            case Opcodes.LBU_VERSION0: return Opcodes.LBU_VERSION1;
            case Opcodes.LHU_VERSION0: return Opcodes.LHU_VERSION1;
            case Opcodes.LWU_VERSION0: return Opcodes.LWU_VERSION1;
            default: return opcode;
        }
    }

    @Test
    void randomWordsRespectVersionAndIsaInvariants() {
        SplittableRandom random = new SplittableRandom(0x5eed_c0deL);
        int valid = 0;
        for (int n = 0; n < 400_000; n++) {
            int w = random.nextInt() | 3; // 32-bit words only; RVC is covered exhaustively elsewhere
            if (n % 4 == 0) {
                w = (w & ~0x7f) | (random.nextInt(32) << 2 | 3); // bias towards real major opcodes
            }
            long imc0 = InstructionDecoder.decode(w, V0, IsaFlags.IMC);
            long imc1 = InstructionDecoder.decode(w, V1, IsaFlags.IMC);
            long b1 = InstructionDecoder.decode(w, V1, B);
            long a1 = InstructionDecoder.decode(w, V1, A);
            long all1 = InstructionDecoder.decode(w, V1, IsaFlags.ALL);
            String ctx = hex(w);

            assertEquals(all1, InstructionDecoder.decode(w, V2, IsaFlags.ALL), ctx + " v1 == v2");
            assertEquals(b1, InstructionDecoder.decode(w, V1, B | IsaFlags.MOP), ctx + " MOP does not change decoding");
            if (imc0 == INVALID) {
                assertEquals(INVALID, imc1, ctx);
            } else {
                assertEquals(PackedInstruction.withOpcode(imc0, toVersion1(PackedInstruction.opcode(imc0))), imc1,
                        ctx + " v0/v1 differ only in the versioned opcode");
            }
            if (imc1 != INVALID) {
                assertEquals(imc1, b1, ctx);
                assertEquals(imc1, a1, ctx);
                assertEquals(imc1, all1, ctx);
            } else {
                assertTrue(b1 == INVALID || a1 == INVALID, ctx + " B and A encodings are disjoint");
                if (b1 != INVALID) {
                    int op = PackedInstruction.opcode(b1);
                    assertTrue(op >= Opcodes.ADD_UW && op <= Opcodes.BSETI, ctx + " B result is a B op");
                    assertEquals(b1, all1, ctx);
                    assertEquals(b1, InstructionDecoder.decode(w, V0, B), ctx + " B is not versioned");
                } else if (a1 != INVALID) {
                    int op = PackedInstruction.opcode(a1);
                    assertTrue(op >= Opcodes.LR_W && op <= Opcodes.AMOMAXU_D, ctx + " A result is an A op");
                    assertEquals(a1, all1, ctx);
                } else {
                    assertEquals(INVALID, all1, ctx);
                }
            }
            if (all1 != INVALID) {
                valid++;
                assertEquals(4, PackedInstruction.length(all1), ctx);
                assertEquals(0, PackedInstruction.rs3(all1), ctx);
                assertTrue(PackedInstruction.opcode(all1) < Opcodes.ADC, ctx + " never a fused op or NOP");
            }
        }
        assertTrue(valid > 20_000, "the sample must exercise valid words, got " + valid);
    }
}
