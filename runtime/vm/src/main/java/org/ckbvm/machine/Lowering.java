package org.ckbvm.machine;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;

/**
 * Rewrites decoded instructions for the interpreter after fusion and costing: a side-effect-free
 * instruction whose destination is x0 becomes {@link Opcodes#NOP} (same length), so handlers may
 * write {@code regs[rd]} unconditionally and x0 stays zero. Loads, jumps, atomics and fused ops
 * keep their opcode and check rd themselves.
 */
public final class Lowering {
    private Lowering() {}

    private static final boolean[] PURE = new boolean[Opcodes.COUNT];

    static {
        for (int op = Opcodes.LUI; op <= Opcodes.NOP; op++) {
            PURE[op] = true;
        }
        int[] impure = {
            Opcodes.JAL, Opcodes.JALR_VERSION0, Opcodes.JALR_VERSION1,
            Opcodes.BEQ, Opcodes.BNE, Opcodes.BLT, Opcodes.BGE, Opcodes.BLTU, Opcodes.BGEU,
            Opcodes.LB_VERSION0, Opcodes.LH_VERSION0, Opcodes.LW_VERSION0, Opcodes.LD_VERSION0,
            Opcodes.LBU_VERSION0, Opcodes.LHU_VERSION0, Opcodes.LWU_VERSION0,
            Opcodes.LB_VERSION1, Opcodes.LH_VERSION1, Opcodes.LW_VERSION1, Opcodes.LD_VERSION1,
            Opcodes.LBU_VERSION1, Opcodes.LHU_VERSION1, Opcodes.LWU_VERSION1,
            Opcodes.SB, Opcodes.SH, Opcodes.SW, Opcodes.SD,
            Opcodes.FENCE, Opcodes.FENCEI, Opcodes.ECALL, Opcodes.EBREAK,
            Opcodes.ADC, Opcodes.SBB, Opcodes.ADCS, Opcodes.SBBS, Opcodes.ADD3A, Opcodes.ADD3B,
            Opcodes.ADD3C, Opcodes.WIDE_MUL, Opcodes.WIDE_MULU, Opcodes.WIDE_MULSU,
            Opcodes.WIDE_DIV, Opcodes.WIDE_DIVU, Opcodes.FAR_JUMP_REL, Opcodes.FAR_JUMP_ABS,
        };
        for (int op : impure) {
            PURE[op] = false;
        }
        for (int op = Opcodes.LR_W; op <= Opcodes.AMOMAXU_D; op++) {
            PURE[op] = false;
        }
    }

    static long lower(long inst) {
        int op = PackedInstruction.opcode(inst);
        if (PURE[op] && PackedInstruction.rd(inst) == 0) {
            return PackedInstruction.withOpcode(inst, Opcodes.NOP);
        }
        return inst;
    }

    public static boolean isB(long inst) {
        int op = PackedInstruction.opcode(inst);
        return op >= Opcodes.ADD_UW && op <= Opcodes.BSETI;
    }
}
