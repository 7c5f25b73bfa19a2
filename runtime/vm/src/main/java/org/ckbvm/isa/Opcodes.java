package org.ckbvm.isa;

/**
 * Internal opcodes of decoded instructions, one per RISC-V instruction CKB-VM knows, plus the
 * macro-op fusions (CKB-VM RFC 0033/0049) and one internal {@link #NOP}.
 *
 * <p>Where CKB-VM versions an instruction (JALR and the loads, docs/CKB_VM.md §1.2), there are two
 * opcodes and the decoder picks one by machine version. Opcodes fit in 8 bits of a
 * {@link PackedInstruction}.
 */
public final class Opcodes {
    private Opcodes() {}

    // RV64I
    public static final int LUI = 0;
    public static final int AUIPC = 1;
    public static final int JAL = 2;
    public static final int JALR_VERSION0 = 3;
    public static final int JALR_VERSION1 = 4;
    public static final int BEQ = 5;
    public static final int BNE = 6;
    public static final int BLT = 7;
    public static final int BGE = 8;
    public static final int BLTU = 9;
    public static final int BGEU = 10;
    public static final int LB_VERSION0 = 11;
    public static final int LH_VERSION0 = 12;
    public static final int LW_VERSION0 = 13;
    public static final int LD_VERSION0 = 14;
    public static final int LBU_VERSION0 = 15;
    public static final int LHU_VERSION0 = 16;
    public static final int LWU_VERSION0 = 17;
    public static final int LB_VERSION1 = 18;
    public static final int LH_VERSION1 = 19;
    public static final int LW_VERSION1 = 20;
    public static final int LD_VERSION1 = 21;
    public static final int LBU_VERSION1 = 22;
    public static final int LHU_VERSION1 = 23;
    public static final int LWU_VERSION1 = 24;
    public static final int SB = 25;
    public static final int SH = 26;
    public static final int SW = 27;
    public static final int SD = 28;
    public static final int ADDI = 29;
    public static final int SLTI = 30;
    public static final int SLTIU = 31;
    public static final int XORI = 32;
    public static final int ORI = 33;
    public static final int ANDI = 34;
    public static final int SLLI = 35;
    public static final int SRLI = 36;
    public static final int SRAI = 37;
    public static final int ADD = 38;
    public static final int SUB = 39;
    public static final int SLL = 40;
    public static final int SLT = 41;
    public static final int SLTU = 42;
    public static final int XOR = 43;
    public static final int SRL = 44;
    public static final int SRA = 45;
    public static final int OR = 46;
    public static final int AND = 47;
    public static final int FENCE = 48;
    public static final int FENCEI = 49;
    public static final int ECALL = 50;
    public static final int EBREAK = 51;
    public static final int ADDIW = 52;
    public static final int SLLIW = 53;
    public static final int SRLIW = 54;
    public static final int SRAIW = 55;
    public static final int ADDW = 56;
    public static final int SUBW = 57;
    public static final int SLLW = 58;
    public static final int SRLW = 59;
    public static final int SRAW = 60;

    // M
    public static final int MUL = 61;
    public static final int MULH = 62;
    public static final int MULHSU = 63;
    public static final int MULHU = 64;
    public static final int DIV = 65;
    public static final int DIVU = 66;
    public static final int REM = 67;
    public static final int REMU = 68;
    public static final int MULW = 69;
    public static final int DIVW = 70;
    public static final int DIVUW = 71;
    public static final int REMW = 72;
    public static final int REMUW = 73;

    // A
    public static final int LR_W = 74;
    public static final int SC_W = 75;
    public static final int AMOSWAP_W = 76;
    public static final int AMOADD_W = 77;
    public static final int AMOXOR_W = 78;
    public static final int AMOAND_W = 79;
    public static final int AMOOR_W = 80;
    public static final int AMOMIN_W = 81;
    public static final int AMOMAX_W = 82;
    public static final int AMOMINU_W = 83;
    public static final int AMOMAXU_W = 84;
    public static final int LR_D = 85;
    public static final int SC_D = 86;
    public static final int AMOSWAP_D = 87;
    public static final int AMOADD_D = 88;
    public static final int AMOXOR_D = 89;
    public static final int AMOAND_D = 90;
    public static final int AMOOR_D = 91;
    public static final int AMOMIN_D = 92;
    public static final int AMOMAX_D = 93;
    public static final int AMOMINU_D = 94;
    public static final int AMOMAXU_D = 95;

    // B
    public static final int ADD_UW = 96;
    public static final int SH1ADD = 97;
    public static final int SH1ADD_UW = 98;
    public static final int SH2ADD = 99;
    public static final int SH2ADD_UW = 100;
    public static final int SH3ADD = 101;
    public static final int SH3ADD_UW = 102;
    public static final int SLLI_UW = 103;
    public static final int ANDN = 104;
    public static final int ORN = 105;
    public static final int XNOR = 106;
    public static final int CLZ = 107;
    public static final int CLZW = 108;
    public static final int CTZ = 109;
    public static final int CTZW = 110;
    public static final int CPOP = 111;
    public static final int CPOPW = 112;
    public static final int MAX = 113;
    public static final int MAXU = 114;
    public static final int MIN = 115;
    public static final int MINU = 116;
    public static final int SEXT_B = 117;
    public static final int SEXT_H = 118;
    public static final int ZEXT_H = 119;
    public static final int ROL = 120;
    public static final int ROLW = 121;
    public static final int ROR = 122;
    public static final int RORI = 123;
    public static final int RORIW = 124;
    public static final int RORW = 125;
    public static final int ORC_B = 126;
    public static final int REV8 = 127;
    public static final int CLMUL = 128;
    public static final int CLMULH = 129;
    public static final int CLMULR = 130;
    public static final int BCLR = 131;
    public static final int BCLRI = 132;
    public static final int BEXT = 133;
    public static final int BEXTI = 134;
    public static final int BINV = 135;
    public static final int BINVI = 136;
    public static final int BSET = 137;
    public static final int BSETI = 138;

    // MOP
    public static final int ADC = 139;
    public static final int SBB = 140;
    public static final int ADCS = 141;
    public static final int SBBS = 142;
    public static final int ADD3A = 143;
    public static final int ADD3B = 144;
    public static final int ADD3C = 145;
    public static final int WIDE_MUL = 146;
    public static final int WIDE_MULU = 147;
    public static final int WIDE_MULSU = 148;
    public static final int WIDE_DIV = 149;
    public static final int WIDE_DIVU = 150;
    public static final int FAR_JUMP_REL = 151;
    public static final int FAR_JUMP_ABS = 152;
    public static final int CUSTOM_LOAD_IMM = 153;

    // internal
    public static final int NOP = 154;

    /** Number of opcodes; every opcode is in {@code [0, COUNT)}. */
    public static final int COUNT = 155;

    private static final String[] NAMES = {
        "LUI", "AUIPC", "JAL", "JALR_VERSION0", "JALR_VERSION1", "BEQ",
        "BNE", "BLT", "BGE", "BLTU", "BGEU", "LB_VERSION0",
        "LH_VERSION0", "LW_VERSION0", "LD_VERSION0", "LBU_VERSION0", "LHU_VERSION0", "LWU_VERSION0",
        "LB_VERSION1", "LH_VERSION1", "LW_VERSION1", "LD_VERSION1", "LBU_VERSION1", "LHU_VERSION1",
        "LWU_VERSION1", "SB", "SH", "SW", "SD", "ADDI",
        "SLTI", "SLTIU", "XORI", "ORI", "ANDI", "SLLI",
        "SRLI", "SRAI", "ADD", "SUB", "SLL", "SLT",
        "SLTU", "XOR", "SRL", "SRA", "OR", "AND",
        "FENCE", "FENCEI", "ECALL", "EBREAK", "ADDIW", "SLLIW",
        "SRLIW", "SRAIW", "ADDW", "SUBW", "SLLW", "SRLW",
        "SRAW", "MUL", "MULH", "MULHSU", "MULHU", "DIV",
        "DIVU", "REM", "REMU", "MULW", "DIVW", "DIVUW",
        "REMW", "REMUW", "LR_W", "SC_W", "AMOSWAP_W", "AMOADD_W",
        "AMOXOR_W", "AMOAND_W", "AMOOR_W", "AMOMIN_W", "AMOMAX_W", "AMOMINU_W",
        "AMOMAXU_W", "LR_D", "SC_D", "AMOSWAP_D", "AMOADD_D", "AMOXOR_D",
        "AMOAND_D", "AMOOR_D", "AMOMIN_D", "AMOMAX_D", "AMOMINU_D", "AMOMAXU_D",
        "ADD_UW", "SH1ADD", "SH1ADD_UW", "SH2ADD", "SH2ADD_UW", "SH3ADD",
        "SH3ADD_UW", "SLLI_UW", "ANDN", "ORN", "XNOR", "CLZ",
        "CLZW", "CTZ", "CTZW", "CPOP", "CPOPW", "MAX",
        "MAXU", "MIN", "MINU", "SEXT_B", "SEXT_H", "ZEXT_H",
        "ROL", "ROLW", "ROR", "RORI", "RORIW", "RORW",
        "ORC_B", "REV8", "CLMUL", "CLMULH", "CLMULR", "BCLR",
        "BCLRI", "BEXT", "BEXTI", "BINV", "BINVI", "BSET",
        "BSETI", "ADC", "SBB", "ADCS", "SBBS", "ADD3A",
        "ADD3B", "ADD3C", "WIDE_MUL", "WIDE_MULU", "WIDE_MULSU", "WIDE_DIV",
        "WIDE_DIVU", "FAR_JUMP_REL", "FAR_JUMP_ABS", "CUSTOM_LOAD_IMM", "NOP"
    };

    /** The mnemonic of an opcode, as CKB-VM names it (with '_' for '.'). */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < COUNT ? NAMES[opcode] : "UNKNOWN(" + opcode + ")";
    }

    /** How many RISC-V instructions one decoded item stands for: 1, or the size of a fused group. */
    public static int partCount(int opcode) {
        switch (opcode) {
            case ADC: case SBB: return 5;
            case ADD3A: case ADD3B: case ADD3C: return 3;
            case ADCS: case SBBS: case WIDE_MUL: case WIDE_MULU: case WIDE_MULSU: case WIDE_DIV:
            case WIDE_DIVU: case FAR_JUMP_REL: case FAR_JUMP_ABS: case CUSTOM_LOAD_IMM:
                return 2;
            default:
                return 1;
        }
    }

    /**
     * Opcodes that end an assembly-machine trace (CKB-VM asm, internal range 0x9c..=0xab):
     * AUIPC, branches, EBREAK, ECALL, FENCE, FENCE.I, JAL, both JALRs and the far jumps.
     */
    public static boolean isBlockEnd(int opcode) {
        switch (opcode) {
            case AUIPC: case JAL: case JALR_VERSION0: case JALR_VERSION1:
            case BEQ: case BNE: case BLT: case BGE: case BLTU: case BGEU:
            case FENCE: case FENCEI: case ECALL: case EBREAK:
            case FAR_JUMP_REL: case FAR_JUMP_ABS:
                return true;
            default:
                return false;
        }
    }
}
