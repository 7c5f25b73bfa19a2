package org.ckbvm.isa;

import static org.ckbvm.isa.InstructionDecoder.INVALID;
import static org.ckbvm.isa.InstructionDecoder.funct3;
import static org.ckbvm.isa.InstructionDecoder.funct7;
import static org.ckbvm.isa.InstructionDecoder.opcode;
import static org.ckbvm.isa.InstructionDecoder.rd;
import static org.ckbvm.isa.InstructionDecoder.rs1;
import static org.ckbvm.isa.InstructionDecoder.rs2;
import static org.ckbvm.isa.PackedInstruction.i;
import static org.ckbvm.isa.PackedInstruction.pack;
import static org.ckbvm.isa.PackedInstruction.r;

/**
 * Decoding of the optional extensions, B (Zba, Zbb, Zbc, Zbs) and A, which
 * {@link InstructionDecoder} tries after RV64IM when the ISA flags allow them.
 */
final class ExtensionDecoder {
    private ExtensionDecoder() {}

    // ------------------------------------------------------------------ B (b.rs, Zba/Zbb/Zbc/Zbs)

    static long decodeB(int bits) {
        int rd = rd(bits);
        int rs1 = rs1(bits);
        int rs2 = rs2(bits);
        int funct3 = funct3(bits);
        int funct7 = funct7(bits);
        int op;
        switch (opcode(bits)) {
            case 0b0111011: // OP-32
                switch (funct7 << 3 | funct3) {
                    case 0b0000100_000: op = Opcodes.ADD_UW; break;
                    case 0b0110000_001: op = Opcodes.ROLW; break;
                    case 0b0010000_010: op = Opcodes.SH1ADD_UW; break;
                    case 0b0000100_100:
                        // ZEXT.H in its RV64 encoding (OP-32); rs2 must be 0.
                        if (rs2 != 0) return INVALID;
                        op = Opcodes.ZEXT_H;
                        break;
                    case 0b0010000_100: op = Opcodes.SH2ADD_UW; break;
                    case 0b0110000_101: op = Opcodes.RORW; break;
                    case 0b0010000_110: op = Opcodes.SH3ADD_UW; break;
                    default: return INVALID;
                }
                return r(op, rd, rs1, rs2, 4);
            case 0b0110011: // OP
                switch (funct7 << 3 | funct3) {
                    case 0b0100000_111: op = Opcodes.ANDN; break;
                    case 0b0100000_110: op = Opcodes.ORN; break;
                    case 0b0100000_100: op = Opcodes.XNOR; break;
                    case 0b0110000_001: op = Opcodes.ROL; break;
                    case 0b0110000_101: op = Opcodes.ROR; break;
                    case 0b0110100_001: op = Opcodes.BINV; break;
                    case 0b0010100_001: op = Opcodes.BSET; break;
                    case 0b0100100_001: op = Opcodes.BCLR; break;
                    case 0b0100100_101: op = Opcodes.BEXT; break;
                    case 0b0010000_010: op = Opcodes.SH1ADD; break;
                    case 0b0010000_100: op = Opcodes.SH2ADD; break;
                    case 0b0010000_110: op = Opcodes.SH3ADD; break;
                    case 0b0000101_001: op = Opcodes.CLMUL; break;
                    case 0b0000101_011: op = Opcodes.CLMULH; break;
                    case 0b0000101_010: op = Opcodes.CLMULR; break;
                    case 0b0000101_100: op = Opcodes.MIN; break;
                    case 0b0000101_101: op = Opcodes.MINU; break;
                    case 0b0000101_110: op = Opcodes.MAX; break;
                    case 0b0000101_111: op = Opcodes.MAXU; break;
                    default: return INVALID;
                }
                return r(op, rd, rs1, rs2, 4);
            case 0b0010011: { // OP-IMM
                // Unary forms: funct12 (funct7 + rs2 field) and funct3 exact. As in b.rs, the
                // selector in the rs2 field is kept as rs2 (nothing reads it).
                switch (funct7 << 8 | funct3 << 5 | rs2) {
                    case 0b0010100_101_00111: op = Opcodes.ORC_B; break;
                    case 0b0110101_101_11000: op = Opcodes.REV8; break; // RV64 rev8: funct12 0x6b8
                    case 0b0110000_001_00000: op = Opcodes.CLZ; break;
                    case 0b0110000_001_00010: op = Opcodes.CPOP; break;
                    case 0b0110000_001_00001: op = Opcodes.CTZ; break;
                    case 0b0110000_001_00100: op = Opcodes.SEXT_B; break;
                    case 0b0110000_001_00101: op = Opcodes.SEXT_H; break;
                    default: op = -1; break;
                }
                if (op >= 0) return r(op, rd, rs1, rs2, 4);
                // Shift-immediate forms: funct6 and funct3 exact, 6-bit shamt in imm.
                switch ((funct7 >>> 1) << 3 | funct3) {
                    case 0b010010_001: op = Opcodes.BCLRI; break;
                    case 0b010010_101: op = Opcodes.BEXTI; break;
                    case 0b011010_001: op = Opcodes.BINVI; break;
                    case 0b001010_001: op = Opcodes.BSETI; break;
                    case 0b011000_101: op = Opcodes.RORI; break;
                    default: return INVALID;
                }
                return i(op, rd, rs1, (bits >>> 20) & 63, 4);
            }
            case 0b0011011: // OP-IMM-32
                if (funct7 == 0b0110000) {
                    if (funct3 == 0b001) {
                        switch (rs2) {
                            case 0b00000: op = Opcodes.CLZW; break;
                            case 0b00010: op = Opcodes.CPOPW; break;
                            case 0b00001: op = Opcodes.CTZW; break;
                            default: return INVALID;
                        }
                        return r(op, rd, rs1, rs2, 4);
                    }
                    // RORIW: funct7 exact, so shamt[5] set is invalid; 5-bit shamt.
                    return funct3 == 0b101 ? i(Opcodes.RORIW, rd, rs1, rs2, 4) : INVALID;
                }
                if (funct7 >>> 1 == 0b000010 && funct3 == 0b001) {
                    // SLLI.UW: funct6 exact, 6-bit shamt.
                    return i(Opcodes.SLLI_UW, rd, rs1, (bits >>> 20) & 63, 4);
                }
                return INVALID;
            default:
                return INVALID;
        }
    }

    // ------------------------------------------------------------------ A (a.rs)

    static long decodeA(int bits) {
        if (opcode(bits) != 0b0101111) return INVALID;
        // funct5 = funct7 >> 2: the aq/rl bits are ignored.
        int funct5 = bits >>> 27;
        int funct3 = funct3(bits);
        int rs2 = rs2(bits);
        int op;
        if (funct3 == 0b010) {
            switch (funct5) {
                case 0b00010: op = rs2 == 0 ? Opcodes.LR_W : -1; break; // LR needs rs2 == 0
                case 0b00011: op = Opcodes.SC_W; break;
                case 0b00001: op = Opcodes.AMOSWAP_W; break;
                case 0b00000: op = Opcodes.AMOADD_W; break;
                case 0b00100: op = Opcodes.AMOXOR_W; break;
                case 0b01100: op = Opcodes.AMOAND_W; break;
                case 0b01000: op = Opcodes.AMOOR_W; break;
                case 0b10000: op = Opcodes.AMOMIN_W; break;
                case 0b10100: op = Opcodes.AMOMAX_W; break;
                case 0b11000: op = Opcodes.AMOMINU_W; break;
                case 0b11100: op = Opcodes.AMOMAXU_W; break;
                default: op = -1; break;
            }
        } else if (funct3 == 0b011) {
            switch (funct5) {
                case 0b00010: op = rs2 == 0 ? Opcodes.LR_D : -1; break;
                case 0b00011: op = Opcodes.SC_D; break;
                case 0b00001: op = Opcodes.AMOSWAP_D; break;
                case 0b00000: op = Opcodes.AMOADD_D; break;
                case 0b00100: op = Opcodes.AMOXOR_D; break;
                case 0b01100: op = Opcodes.AMOAND_D; break;
                case 0b01000: op = Opcodes.AMOOR_D; break;
                case 0b10000: op = Opcodes.AMOMIN_D; break;
                case 0b10100: op = Opcodes.AMOMAX_D; break;
                case 0b11000: op = Opcodes.AMOMINU_D; break;
                case 0b11100: op = Opcodes.AMOMAXU_D; break;
                default: op = -1; break;
            }
        } else {
            op = -1;
        }
        return op >= 0 ? r(op, rd(bits), rs1(bits), rs2, 4) : INVALID;
    }
}
