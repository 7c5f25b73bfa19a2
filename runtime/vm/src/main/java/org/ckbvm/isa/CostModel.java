package org.ckbvm.isa;

import java.util.Locale;

/**
 * How many cycles each decoded instruction costs, and whether loading a program costs cycles.
 */
public enum CostModel {
    /**
     * CKB's model: ckb-vm {@code cost_model::estimate_cycles} per instruction, plus the program
     * load cost {@code ceil((sum of PT_LOAD filesz + stack bytes) / 4)}.
     */
    CKB("ckb", true),
    /** ckb-vm {@code constant_cycles}: 1 per decoded instruction (a fused group counts 1), no load cost. */
    UNIT("unit", false);

    private final String id;
    private final boolean chargesProgramLoad;
    private final short[] table = new short[Opcodes.COUNT];

    CostModel(String id, boolean chargesProgramLoad) {
        this.id = id;
        this.chargesProgramLoad = chargesProgramLoad;
    }

    static {
        for (int op = 0; op < Opcodes.COUNT; op++) {
            CKB.table[op] = (short) estimateCycles(op);
            UNIT.table[op] = 1;
        }
    }

    /** The short id used on the command line and in snapshot headers. */
    public String id() {
        return id;
    }

    public boolean chargesProgramLoad() {
        return chargesProgramLoad;
    }

    /** Cycles of one decoded (possibly fused) instruction. */
    public int cycles(int opcode) {
        return table[opcode];
    }

    /** The load cost CKB charges: {@code ceil(bytes / 4)} (ckb cost_model BYTES_PER_CYCLE = 4). */
    public long programLoadCycles(long bytes) {
        return chargesProgramLoad ? transferredByteCycles(bytes) : 0;
    }

    /** {@code ceil(n / 4)}: what CKB charges for moving n bytes (syscalls, program load). */
    public static long transferredByteCycles(long bytes) {
        return (bytes + 3) >>> 2;
    }

    public static CostModel parse(String id) {
        for (CostModel m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown cost model '" + id + "' (expected ckb or unit)");
    }

    /** ckb-vm src/cost_model.rs {@code estimate_cycles}. */
    private static int estimateCycles(int opcode) {
        switch (opcode) {
            case Opcodes.JALR_VERSION0: case Opcodes.JALR_VERSION1: case Opcodes.JAL:
            case Opcodes.BEQ: case Opcodes.BNE: case Opcodes.BLT: case Opcodes.BGE:
            case Opcodes.BLTU: case Opcodes.BGEU:
                return 3;
            case Opcodes.LD_VERSION0: case Opcodes.LD_VERSION1: case Opcodes.SD:
                return 2;
            case Opcodes.LW_VERSION0: case Opcodes.LW_VERSION1: case Opcodes.LH_VERSION0: case Opcodes.LH_VERSION1:
            case Opcodes.LB_VERSION0: case Opcodes.LB_VERSION1: case Opcodes.LWU_VERSION0: case Opcodes.LWU_VERSION1:
            case Opcodes.LHU_VERSION0: case Opcodes.LHU_VERSION1: case Opcodes.LBU_VERSION0: case Opcodes.LBU_VERSION1:
            case Opcodes.SB: case Opcodes.SH: case Opcodes.SW:
                return 3;
            case Opcodes.EBREAK: case Opcodes.ECALL:
                return 500;
            case Opcodes.MUL: case Opcodes.MULW: case Opcodes.MULH: case Opcodes.MULHU: case Opcodes.MULHSU:
            case Opcodes.WIDE_MUL: case Opcodes.WIDE_MULU: case Opcodes.WIDE_MULSU:
                return 5;
            case Opcodes.DIV: case Opcodes.DIVW: case Opcodes.DIVU: case Opcodes.DIVUW:
            case Opcodes.REM: case Opcodes.REMW: case Opcodes.REMU: case Opcodes.REMUW:
            case Opcodes.WIDE_DIV: case Opcodes.WIDE_DIVU:
                return 32;
            case Opcodes.LR_W: case Opcodes.SC_W: case Opcodes.AMOSWAP_W: case Opcodes.AMOADD_W:
            case Opcodes.AMOXOR_W: case Opcodes.AMOAND_W: case Opcodes.AMOOR_W: case Opcodes.AMOMIN_W:
            case Opcodes.AMOMAX_W: case Opcodes.AMOMINU_W: case Opcodes.AMOMAXU_W:
                return 4;
            case Opcodes.LR_D: case Opcodes.SC_D: case Opcodes.AMOSWAP_D: case Opcodes.AMOADD_D:
            case Opcodes.AMOXOR_D: case Opcodes.AMOAND_D: case Opcodes.AMOOR_D: case Opcodes.AMOMIN_D:
            case Opcodes.AMOMAX_D: case Opcodes.AMOMINU_D: case Opcodes.AMOMAXU_D:
                return 3;
            case Opcodes.FAR_JUMP_REL: case Opcodes.FAR_JUMP_ABS:
                return 3;
            default:
                return 1;
        }
    }
}
