package org.ckbvm.isa.semantics;

/**
 * Jumps and branches (ckb-vm src/instructions/i.rs, execute.rs). {@code pc} is the instruction's
 * own address; for a trace's last item the assembly machine computes it as the pc after the trace
 * minus the item's length (see {@code TraceCache.asmLength}). The link value is the address after
 * the instruction. JALR's two orderings (VERSION0 writes rd before reading rs1, ckb-vm issue #92)
 * are two opcodes chosen by {@link org.ckbvm.isa.VersionRules#jalrOpcode()}; both use
 * {@link #jalrTarget}.
 */
public final class ControlOps {
    private ControlOps() {}

    /** JAL and taken branches. */
    public static long relativeTarget(long pc, long imm) {
        return pc + imm;
    }

    /** JALR: (rs1 + imm) with bit 0 cleared. */
    public static long jalrTarget(long base, long imm) {
        return (base + imm) & ~1L;
    }

    /** FAR_JUMP_REL (AUIPC + JALR fused): pc + the summed immediates, bit 0 cleared; links into ra. */
    public static long farJumpRelTarget(long pc, long imm) {
        return (pc + imm) & ~1L;
    }

    /** FAR_JUMP_ABS (LUI + JALR fused): the summed immediates, bit 0 cleared; links into ra. */
    public static long farJumpAbsTarget(long imm) {
        return imm & ~1L;
    }

    public static boolean beq(long a, long b) {
        return a == b;
    }

    public static boolean bne(long a, long b) {
        return a != b;
    }

    public static boolean blt(long a, long b) {
        return a < b;
    }

    public static boolean bge(long a, long b) {
        return a >= b;
    }

    public static boolean bltu(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean bgeu(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }
}
