package org.ckbvm.isa;

import static org.ckbvm.isa.PackedInstruction.i;
import static org.ckbvm.isa.PackedInstruction.pack;
import static org.ckbvm.isa.PackedInstruction.r;
import static org.ckbvm.isa.PackedInstruction.s;
import static org.ckbvm.isa.PackedInstruction.u;

/**
 * The raw instruction decoder: one instruction word to one {@link PackedInstruction}, exactly as
 * CKB-VM v0.24.12 decodes it for RV64 ({@code Decoder::decode_raw} without macro-op fusion).
 *
 * <p>CKB-VM's {@code build_decoder} tries its factories in this order and keeps the first hit:
 * {@code rvc}, {@code i}, {@code m}, then {@code b} if the ISA has B, then {@code a} if the ISA
 * has A. No factory returning an instruction means {@code InvalidInstruction}, {@link #INVALID}
 * here. The factories never overlap (RVC words have low bits other than {@code 0b11}; every 32-bit
 * opcode ends in {@code 0b11}; i/m/b/a accept disjoint funct fields), so the order is kept only to
 * mirror CKB-VM.
 *
 * <p>Field conventions follow {@link PackedInstruction}: R-type rd/rs1/rs2; I-type rd/rs1/imm
 * (shift amounts as a plain non-negative int); S-type and B-type rs1/rs2/imm; U-type and JAL rd/imm.
 * The length is 2 for RVC and 4 otherwise. Pure and allocation free.
 */
public final class InstructionDecoder {
    private InstructionDecoder() {}

    /** Returned where CKB-VM's factories all return {@code None} (an {@code InvalidInstruction}). */
    public static final long INVALID = -1L;

    private static final int SP = 2;
    private static final int RA = 1;

    /**
     * Decodes one raw instruction (16-bit RVC if the low two bits are not 0b11, else 32-bit).
     *
     * @param bits    the instruction word; for RVC only the low 16 bits are looked at
     * @param version the machine version ({@link MachineVersion}); 0 selects the VERSION0 opcodes
     * @param isa     the {@link IsaFlags} in force; B and A gate their extensions
     * @return the packed instruction, or {@link #INVALID}
     */
    public static long decode(int bits, int version, int isa) {
        return decode(bits, VersionRules.of(version), isa);
    }

    /** {@link #decode(int, int, int)} with the version's rules already looked up (the decoder cache's path). */
    public static long decode(int bits, VersionRules version, int isa) {
        if ((bits & 3) != 3) {
            // CKB-VM decoder.rs decode_bits: an RVC word is passed on with its high half zeroed.
            return decodeRvc(bits & 0xffff, version);
        }
        long inst = decodeI(bits, version);
        if (inst != INVALID) return inst;
        inst = decodeM(bits);
        if (inst != INVALID) return inst;
        if (IsaFlags.has(isa, IsaFlags.B)) {
            inst = ExtensionDecoder.decodeB(bits);
            if (inst != INVALID) return inst;
        }
        if (IsaFlags.has(isa, IsaFlags.A)) {
            inst = ExtensionDecoder.decodeA(bits);
            if (inst != INVALID) return inst;
        }
        return INVALID;
    }

    // ------------------------------------------------------------------ field helpers

    /** {@code len} bits of {@code bits} from {@code lower}, moved to bit {@code shift}. */
    static int x(int bits, int lower, int len, int shift) {
        return ((bits >>> lower) & ((1 << len) - 1)) << shift;
    }

    /** As {@link #x} but sign-extended from the top extracted bit. */
    static int xs(int bits, int lower, int len, int shift) {
        return (bits << (32 - lower - len) >> (32 - len)) << shift;
    }

    static int opcode(int bits) {
        return bits & 0x7f;
    }

    static int rd(int bits) {
        return (bits >>> 7) & 31;
    }

    static int funct3(int bits) {
        return (bits >>> 12) & 7;
    }

    static int rs1(int bits) {
        return (bits >>> 15) & 31;
    }

    static int rs2(int bits) {
        return (bits >>> 20) & 31;
    }

    static int funct7(int bits) {
        return bits >>> 25;
    }

    static int itypeImm(int bits) {
        return bits >> 20;
    }

    static int stypeImm(int bits) {
        return x(bits, 7, 5, 0) | xs(bits, 25, 7, 5);
    }

    static int btypeImm(int bits) {
        return x(bits, 8, 4, 1) | x(bits, 25, 6, 5) | x(bits, 7, 1, 11) | xs(bits, 31, 1, 12);
    }

    private static int utypeImm(int bits) {
        return bits & 0xfffff000;
    }

    private static int jtypeImm(int bits) {
        return x(bits, 21, 10, 1) | x(bits, 20, 1, 11) | x(bits, 12, 8, 12) | xs(bits, 31, 1, 20);
    }

    // ------------------------------------------------------------------ versioned opcodes

    /** CKB-VM utils.rs jalr(version): the versioned JALR opcode. */
    private static int jalr(VersionRules version) {
        return version.jalrOpcode();
    }

    /** funct3 of a LOAD to its versioned opcode (utils.rs lb/lh/lw/ld/lbu/lhu/lwu), or -1. */
    private static int load(int funct3, VersionRules version) {
        boolean v1 = version.loadsMayEndAtMemoryEnd();
        switch (funct3) {
            case 0b000: return v1 ? Opcodes.LB_VERSION1 : Opcodes.LB_VERSION0;
            case 0b001: return v1 ? Opcodes.LH_VERSION1 : Opcodes.LH_VERSION0;
            case 0b010: return v1 ? Opcodes.LW_VERSION1 : Opcodes.LW_VERSION0;
            case 0b011: return v1 ? Opcodes.LD_VERSION1 : Opcodes.LD_VERSION0;
            case 0b100: return v1 ? Opcodes.LBU_VERSION1 : Opcodes.LBU_VERSION0;
            case 0b101: return v1 ? Opcodes.LHU_VERSION1 : Opcodes.LHU_VERSION0;
            case 0b110: return v1 ? Opcodes.LWU_VERSION1 : Opcodes.LWU_VERSION0;
            default: return -1; // 0b111 is reserved
        }
    }

    // ------------------------------------------------------------------ RVC (rvc.rs)

    /** CKB-VM i.rs nop(): {@code addi x0, x0, 0}; RVC gives it length 2. */
    private static final long RVC_NOP = i(Opcodes.ADDI, 0, 0, 0, 2);

    /** A HINT encoding: NOP from VERSION1 on, InvalidInstruction on VERSION0 (rvc.rs "HINTs"). */
    private static long hint(VersionRules version) {
        return version.rvcHintsAreNops() ? RVC_NOP : INVALID;
    }

    /** rd'/rs1'/rs2' of the compressed register forms: 3 bits naming x8..x15. */
    private static int creg(int bits, int lower) {
        return x(bits, lower, 3, 0) + 8;
    }

    /** [12] => imm[5], [6:2] => imm[4:0], signed. */
    private static int cImm(int bits) {
        return x(bits, 2, 5, 0) | xs(bits, 12, 1, 5);
    }

    /** [12] => uimm[5], [6:2] => uimm[4:0]. */
    private static int cUimm(int bits) {
        return x(bits, 2, 5, 0) | x(bits, 12, 1, 5);
    }

    /** C.J offset: [12:2] => imm[11|4|9:8|10|6|7|3:1|5]. */
    private static int cjImm(int bits) {
        return x(bits, 3, 3, 1) | x(bits, 11, 1, 4) | x(bits, 2, 1, 5) | x(bits, 7, 1, 6)
                | x(bits, 6, 1, 7) | x(bits, 9, 2, 8) | x(bits, 8, 1, 10) | xs(bits, 12, 1, 11);
    }

    /** C.BEQZ/C.BNEZ offset: [12:10] => imm[8|4:3], [6:2] => imm[7:6|2:1|5]. */
    private static int cbImm(int bits) {
        return x(bits, 3, 2, 1) | x(bits, 10, 2, 3) | x(bits, 2, 1, 5) | x(bits, 5, 2, 6)
                | xs(bits, 12, 1, 8);
    }

    /** C.LW/C.SW: [12:10] => uimm[5:3], [6] => uimm[2], [5] => uimm[6]. */
    private static int cwImm(int bits) {
        return x(bits, 6, 1, 2) | x(bits, 10, 3, 3) | x(bits, 5, 1, 6);
    }

    /** C.LD/C.SD: [12:10] => uimm[5:3], [6:5] => uimm[7:6]. */
    private static int cdImm(int bits) {
        return x(bits, 10, 3, 3) | x(bits, 5, 2, 6);
    }

    private static long decodeRvc(int bits, VersionRules version) {
        // rvc.rs factory: match on funct3 (bits 15:13) and the quadrant (bits 1:0).
        switch (((bits >>> 11) & 0b11100) | (bits & 3)) {
            // ---- Quadrant 0
            case 0b000_00: {
                // C.ADDI4SPN: nzuimm[5:4|9:6|2|3]; nzuimm 0 (including the all-zero word) is illegal.
                int nzuimm = x(bits, 6, 1, 2) | x(bits, 5, 1, 3) | x(bits, 11, 2, 4) | x(bits, 7, 4, 6);
                return nzuimm != 0 ? i(Opcodes.ADDI, creg(bits, 2), SP, nzuimm, 2) : INVALID;
            }
            case 0b010_00: // C.LW
                return i(load(0b010, version), creg(bits, 2), creg(bits, 7), cwImm(bits), 2);
            case 0b011_00: // C.LD (RV64)
                return i(load(0b011, version), creg(bits, 2), creg(bits, 7), cdImm(bits), 2);
            case 0b110_00: // C.SW
                return s(Opcodes.SW, creg(bits, 7), creg(bits, 2), cwImm(bits), 2);
            case 0b111_00: // C.SD (RV64)
                return s(Opcodes.SD, creg(bits, 7), creg(bits, 2), cdImm(bits), 2);
            // 001 C.FLD, 100 reserved, 101 C.FSD: invalid (default).

            // ---- Quadrant 1
            case 0b000_01: {
                int imm = cImm(bits);
                int rd = rd(bits);
                if (rd != 0) {
                    // C.ADDI; imm 0 with rd != 0 is a HINT.
                    return imm != 0 ? i(Opcodes.ADDI, rd, rd, imm, 2) : hint(version);
                }
                // C.NOP; C.NOP with imm != 0 is a HINT.
                return imm == 0 ? RVC_NOP : hint(version);
            }
            case 0b001_01: {
                // C.ADDIW (RV64 has no C.JAL); rd 0 is reserved on every version; imm 0 is fine.
                int rd = rd(bits);
                return rd != 0 ? i(Opcodes.ADDIW, rd, rd, cImm(bits), 2) : INVALID;
            }
            case 0b010_01: {
                // C.LI -> ADDI rd, x0, imm; rd 0 is a HINT.
                int rd = rd(bits);
                return rd != 0 ? i(Opcodes.ADDI, rd, 0, cImm(bits), 2) : hint(version);
            }
            case 0b011_01: {
                int imm = cImm(bits) << 12;
                if (imm == 0) {
                    // C.ADDI16SP / C.LUI with a zero immediate: reserved on every version,
                    // including rd 0 (checked before the HINT rule).
                    return INVALID;
                }
                int rd = rd(bits);
                if (rd == SP) {
                    // C.ADDI16SP: nzimm[9|4|6|8:7|5].
                    int nzimm = x(bits, 6, 1, 4) | x(bits, 2, 1, 5) | x(bits, 5, 1, 6)
                            | x(bits, 3, 2, 7) | xs(bits, 12, 1, 9);
                    return i(Opcodes.ADDI, SP, SP, nzimm, 2);
                }
                // C.LUI; rd 0 is a HINT.
                return rd != 0 ? u(Opcodes.LUI, rd, imm, 2) : hint(version);
            }
            case 0b100_01:
                return decodeRvcMiscAlu(bits);
            case 0b101_01: // C.J -> JAL x0, offset
                return u(Opcodes.JAL, 0, cjImm(bits), 2);
            case 0b110_01: // C.BEQZ -> BEQ rs1', x0, offset
                return s(Opcodes.BEQ, creg(bits, 7), 0, cbImm(bits), 2);
            case 0b111_01: // C.BNEZ -> BNE rs1', x0, offset
                return s(Opcodes.BNE, creg(bits, 7), 0, cbImm(bits), 2);

            // ---- Quadrant 2
            case 0b000_10: {
                // C.SLLI; rd 0 or shamt 0 is a HINT. shamt[5] is bit 12 (RV64 allows 32..63).
                int shamt = cUimm(bits);
                int rd = rd(bits);
                return rd != 0 && shamt != 0 ? i(Opcodes.SLLI, rd, rd, shamt, 2) : hint(version);
            }
            case 0b010_10: {
                // C.LWSP: uimm[5] = bit 12, uimm[4:2|7:6] = bits 6:2; rd 0 is reserved.
                int rd = rd(bits);
                int imm = x(bits, 4, 3, 2) | x(bits, 12, 1, 5) | x(bits, 2, 2, 6);
                return rd != 0 ? i(load(0b010, version), rd, SP, imm, 2) : INVALID;
            }
            case 0b011_10: {
                // C.LDSP: uimm[5] = bit 12, uimm[4:3|8:6] = bits 6:2; rd 0 is reserved.
                int rd = rd(bits);
                int imm = x(bits, 5, 2, 3) | x(bits, 12, 1, 5) | x(bits, 2, 3, 6);
                return rd != 0 ? i(load(0b011, version), rd, SP, imm, 2) : INVALID;
            }
            case 0b100_10:
                return decodeRvcJumpMoveAdd(bits, version);
            case 0b110_10: // C.SWSP: uimm[5:2|7:6] = bits 12:7
                return s(Opcodes.SW, SP, x(bits, 2, 5, 0), x(bits, 9, 4, 2) | x(bits, 7, 2, 6), 2);
            case 0b111_10: // C.SDSP: uimm[5:3|8:6] = bits 12:7
                return s(Opcodes.SD, SP, x(bits, 2, 5, 0), x(bits, 10, 3, 3) | x(bits, 7, 3, 6), 2);
            // 001 C.FLDSP, 101 C.FSDSP: invalid (default).
            default:
                return INVALID;
        }
    }

    /** Quadrant 1, funct3 100: C.SRLI, C.SRAI, C.ANDI, C.SUB, C.XOR, C.OR, C.AND, C.SUBW, C.ADDW. */
    private static long decodeRvcMiscAlu(int bits) {
        int rd = creg(bits, 7);
        int rs2 = creg(bits, 2);
        int funct2 = (bits >>> 10) & 3;
        if (funct2 == 0b11) {
            // Register-register forms, selected by bit 12 and bits 6:5.
            switch (((bits >>> 10) & 0b100) | ((bits >>> 5) & 0b11)) {
                case 0b000: return r(Opcodes.SUB, rd, rd, rs2, 2);
                case 0b001: return r(Opcodes.XOR, rd, rd, rs2, 2);
                case 0b010: return r(Opcodes.OR, rd, rd, rs2, 2);
                case 0b011: return r(Opcodes.AND, rd, rd, rs2, 2);
                case 0b100: return r(Opcodes.SUBW, rd, rd, rs2, 2);
                case 0b101: return r(Opcodes.ADDW, rd, rd, rs2, 2);
                default: return INVALID; // 1_11_10 and 1_11_11 are reserved
            }
        }
        if (funct2 == 0b10) {
            // C.ANDI: any immediate, including 0.
            return i(Opcodes.ANDI, rd, rd, cImm(bits), 2);
        }
        int shamt = cUimm(bits);
        if (shamt == 0) {
            // CKB-VM rvc.rs "C.SRLI64"/"C.SRAI64": shamt 0 decodes to NOP on every version
            // (not version gated like the other HINTs).
            return RVC_NOP;
        }
        // C.SRLI / C.SRAI with shamt 1..63 (bit 12 is shamt[5]).
        return i(funct2 == 0 ? Opcodes.SRLI : Opcodes.SRAI, rd, rd, shamt, 2);
    }

    /** Quadrant 2, funct3 100: C.JR, C.MV, C.EBREAK, C.JALR, C.ADD. */
    private static long decodeRvcJumpMoveAdd(int bits, VersionRules version) {
        int rd = rd(bits);
        int rs2 = x(bits, 2, 5, 0);
        if ((bits & 0x1000) == 0) {
            if (rs2 == 0) {
                // C.JR -> JALR x0, 0(rs1); rs1 0 is reserved.
                return rd != 0 ? i(jalr(version), 0, rd, 0, 2) : INVALID;
            }
            // C.MV -> ADD rd, x0, rs2; rd 0 is a HINT.
            return rd != 0 ? r(Opcodes.ADD, rd, 0, rs2, 2) : hint(version);
        }
        if (rs2 == 0) {
            // C.EBREAK (rd 0) or C.JALR -> JALR ra, 0(rs1).
            return rd == 0 ? pack(Opcodes.EBREAK, 0, 0, 0, 0, 2, 0) : i(jalr(version), RA, rd, 0, 2);
        }
        // C.ADD -> ADD rd, rd, rs2; rd 0 is a HINT.
        return rd != 0 ? r(Opcodes.ADD, rd, rd, rs2, 2) : hint(version);
    }

    // ------------------------------------------------------------------ RV64I (i.rs)

    private static long decodeI(int bits, VersionRules version) {
        int rd = rd(bits);
        int rs1 = rs1(bits);
        int funct3 = funct3(bits);
        switch (opcode(bits)) {
            case 0b0110111: // LUI
                return u(Opcodes.LUI, rd, utypeImm(bits), 4);
            case 0b0010111: // AUIPC
                return u(Opcodes.AUIPC, rd, utypeImm(bits), 4);
            case 0b1101111: // JAL
                return u(Opcodes.JAL, rd, jtypeImm(bits), 4);
            case 0b1100111: // JALR: funct3 must be 000
                return funct3 == 0 ? i(jalr(version), rd, rs1, itypeImm(bits), 4) : INVALID;
            case 0b0000011: { // LOAD
                int op = load(funct3, version);
                return op >= 0 ? i(op, rd, rs1, itypeImm(bits), 4) : INVALID;
            }
            case 0b0010011: // OP-IMM
                return decodeOpImm(bits, rd, rs1, funct3);
            case 0b1100011: { // BRANCH
                int op;
                switch (funct3) {
                    case 0b000: op = Opcodes.BEQ; break;
                    case 0b001: op = Opcodes.BNE; break;
                    case 0b100: op = Opcodes.BLT; break;
                    case 0b101: op = Opcodes.BGE; break;
                    case 0b110: op = Opcodes.BLTU; break;
                    case 0b111: op = Opcodes.BGEU; break;
                    default: return INVALID;
                }
                return s(op, rs1, rs2(bits), btypeImm(bits), 4);
            }
            case 0b0100011: { // STORE
                int op;
                switch (funct3) {
                    case 0b000: op = Opcodes.SB; break;
                    case 0b001: op = Opcodes.SH; break;
                    case 0b010: op = Opcodes.SW; break;
                    case 0b011: op = Opcodes.SD; break;
                    default: return INVALID;
                }
                return s(op, rs1, rs2(bits), stypeImm(bits), 4);
            }
            case 0b0110011: { // OP: funct7 must be exactly 0000000 or 0100000
                int op;
                switch (funct7(bits) << 3 | funct3) {
                    case 0b0000000_000: op = Opcodes.ADD; break;
                    case 0b0100000_000: op = Opcodes.SUB; break;
                    case 0b0000000_001: op = Opcodes.SLL; break;
                    case 0b0000000_010: op = Opcodes.SLT; break;
                    case 0b0000000_011: op = Opcodes.SLTU; break;
                    case 0b0000000_100: op = Opcodes.XOR; break;
                    case 0b0000000_101: op = Opcodes.SRL; break;
                    case 0b0100000_101: op = Opcodes.SRA; break;
                    case 0b0000000_110: op = Opcodes.OR; break;
                    case 0b0000000_111: op = Opcodes.AND; break;
                    default: return INVALID;
                }
                return r(op, rd, rs1, rs2(bits), 4);
            }
            case 0b0001111: // MISC-MEM
                // i.rs: FENCE.I only as the exact word 0x0000100f; FENCE needs rd, funct3 and rs1
                // all zero (bits 19:0 == 0x0000f), any fm/pred/succ. CKB-VM keeps fm/pred/succ in
                // rd/rs1/rs2 of its FenceType; nothing reads them, so they are not kept here.
                if (bits == 0x0000100f) return pack(Opcodes.FENCEI, 0, 0, 0, 0, 4, 0);
                if ((bits & 0x000fffff) == 0x0000000f) return pack(Opcodes.FENCE, 0, 0, 0, 0, 4, 0);
                return INVALID;
            case 0b1110011: // SYSTEM: only the exact ECALL and EBREAK words; no CSRs.
                if (bits == 0x00000073) return pack(Opcodes.ECALL, 0, 0, 0, 0, 4, 0);
                if (bits == 0x00100073) return pack(Opcodes.EBREAK, 0, 0, 0, 0, 4, 0);
                return INVALID;
            case 0b0011011: // OP-IMM-32
                switch (funct3) {
                    case 0b000:
                        return i(Opcodes.ADDIW, rd, rs1, itypeImm(bits), 4);
                    case 0b001:
                        // i.rs: funct7 must be exactly 0000000, so shamt[5] set is invalid here
                        // (the B factory may still take the word, e.g. SLLI.UW).
                        return funct7(bits) == 0 ? i(Opcodes.SLLIW, rd, rs1, rs2(bits), 4) : INVALID;
                    case 0b101:
                        if (funct7(bits) == 0) return i(Opcodes.SRLIW, rd, rs1, rs2(bits), 4);
                        if (funct7(bits) == 0b0100000) return i(Opcodes.SRAIW, rd, rs1, rs2(bits), 4);
                        return INVALID;
                    default:
                        return INVALID;
                }
            case 0b0111011: { // OP-32
                int op;
                switch (funct7(bits) << 3 | funct3) {
                    case 0b0000000_000: op = Opcodes.ADDW; break;
                    case 0b0100000_000: op = Opcodes.SUBW; break;
                    case 0b0000000_001: op = Opcodes.SLLW; break;
                    case 0b0000000_101: op = Opcodes.SRLW; break;
                    case 0b0100000_101: op = Opcodes.SRAW; break;
                    default: return INVALID;
                }
                return r(op, rd, rs1, rs2(bits), 4);
            }
            default:
                return INVALID;
        }
    }

    private static long decodeOpImm(int bits, int rd, int rs1, int funct3) {
        int op;
        switch (funct3) {
            case 0b000: op = Opcodes.ADDI; break;
            case 0b010: op = Opcodes.SLTI; break;
            case 0b011: op = Opcodes.SLTIU; break;
            case 0b100: op = Opcodes.XORI; break;
            case 0b110: op = Opcodes.ORI; break;
            case 0b111: op = Opcodes.ANDI; break;
            default: {
                // SLLI/SRLI/SRAI: i.rs matches the top 6 bits (funct6) exactly and keeps the
                // 6-bit shamt (imm & SHIFT_MASK 63) as the immediate.
                int funct6 = bits >>> 26;
                int shamt = (bits >>> 20) & 63;
                if (funct3 == 0b001 && funct6 == 0) return i(Opcodes.SLLI, rd, rs1, shamt, 4);
                if (funct3 == 0b101 && funct6 == 0) return i(Opcodes.SRLI, rd, rs1, shamt, 4);
                if (funct3 == 0b101 && funct6 == 0b010000) return i(Opcodes.SRAI, rd, rs1, shamt, 4);
                return INVALID;
            }
        }
        return i(op, rd, rs1, itypeImm(bits), 4);
    }

    // ------------------------------------------------------------------ M (m.rs)

    private static long decodeM(int bits) {
        if (funct7(bits) != 0b0000001) return INVALID;
        int funct3 = funct3(bits);
        int op;
        switch (opcode(bits)) {
            case 0b0110011:
                switch (funct3) {
                    case 0b000: op = Opcodes.MUL; break;
                    case 0b001: op = Opcodes.MULH; break;
                    case 0b010: op = Opcodes.MULHSU; break;
                    case 0b011: op = Opcodes.MULHU; break;
                    case 0b100: op = Opcodes.DIV; break;
                    case 0b101: op = Opcodes.DIVU; break;
                    case 0b110: op = Opcodes.REM; break;
                    default: op = Opcodes.REMU; break;
                }
                break;
            case 0b0111011:
                switch (funct3) {
                    case 0b000: op = Opcodes.MULW; break;
                    case 0b100: op = Opcodes.DIVW; break;
                    case 0b101: op = Opcodes.DIVUW; break;
                    case 0b110: op = Opcodes.REMW; break;
                    case 0b111: op = Opcodes.REMUW; break;
                    default: return INVALID;
                }
                break;
            default:
                return INVALID;
        }
        return r(op, rd(bits), rs1(bits), rs2(bits), 4);
    }
}
