package org.ckbvm.isa.semantics;

import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;
import static org.ckbvm.isa.PackedInstruction.rs3;
import static org.ckbvm.isa.PackedInstruction.rs4;

import org.ckbvm.isa.Opcodes;

/**
 * Execution of fused macro-ops. Each repeats, in order, every register write of the sequence it
 * replaces (ckb-vm src/instructions/execute.rs), so x0 and aliasing behave as unfused code,
 * except for SBB's unchecked operand, which ckb-vm runs as if it were X. {@code r} is the register
 * file (x0 stays 0: writes to it are dropped). CUSTOM_LOAD_IMM is {@link IntegerOps#lui}; the far
 * jumps are in {@link ControlOps}.
 */
public final class FusedOps {
    private FusedOps() {}

    private static void set(long[] r, int index, long value) {
        if (index != 0) {
            r[index] = value;
        }
    }

    private static long lessUnsigned(long a, long b) {
        return IntegerOps.sltu(a, b);
    }

    /** WIDE_MUL/MULU/MULSU/DIV/DIVU: rd = high (or quotient), rs3 = low (or remainder). */
    public static void wide(long[] r, long inst) {
        long a = r[rs1(inst)];
        long b = r[rs2(inst)];
        long high;
        long low;
        switch (opcode(inst)) {
            case Opcodes.WIDE_MUL: high = MultiplyOps.mulh(a, b); low = MultiplyOps.mul(a, b); break;
            case Opcodes.WIDE_MULU: high = MultiplyOps.mulhu(a, b); low = MultiplyOps.mul(a, b); break;
            case Opcodes.WIDE_MULSU: high = MultiplyOps.mulhsu(a, b); low = MultiplyOps.mul(a, b); break;
            case Opcodes.WIDE_DIV: high = MultiplyOps.div(a, b); low = MultiplyOps.rem(a, b); break;
            case Opcodes.WIDE_DIVU: high = MultiplyOps.divu(a, b); low = MultiplyOps.remu(a, b); break;
            default: throw new IllegalArgumentException(Opcodes.name(opcode(inst)));
        }
        set(r, rd(inst), high);
        set(r, rs3(inst), low);
    }

    /** The carry/borrow chains: ADC, SBB, ADCS, SBBS, ADD3A/B/C. */
    public static void carry(long[] r, long inst) {
        int r0 = rd(inst);
        int r1 = rs1(inst);
        int r2 = rs2(inst);
        int r3 = rs3(inst);
        switch (opcode(inst)) {
            case Opcodes.ADC:
                // add r0,r0,r1; sltu r1,r0,r1; add r0,r0,r2; sltu r2,r0,r2; or r1,r1,r2
                set(r, r0, r[r0] + r[r1]);
                set(r, r1, lessUnsigned(r[r0], r[r1]));
                set(r, r0, r[r0] + r[r2]);
                set(r, r2, lessUnsigned(r[r0], r[r2]));
                set(r, r1, r[r1] | r[r2]);
                break;
            case Opcodes.SBB:
                // rd=A rs1=X rs2=Y rs3=C: sub X,A,X; sltu C,A,X; sub A,X,Y; sltu Y,X,A; or X,Y,C
                set(r, r1, r[r0] - r[r1]);
                set(r, r3, lessUnsigned(r[r0], r[r1]));
                set(r, r0, r[r1] - r[r2]);
                set(r, r2, lessUnsigned(r[r1], r[r0]));
                set(r, r1, r[r2] | r[r3]);
                break;
            case Opcodes.ADCS:
                // add r0,r1,r2; sltu r3,r0,r1
                set(r, r0, r[r1] + r[r2]);
                set(r, r3, lessUnsigned(r[r0], r[r1]));
                break;
            case Opcodes.SBBS:
                // sub r0,r1,r2; sltu r3,r1,r2
                set(r, r0, r[r1] - r[r2]);
                set(r, r3, lessUnsigned(r[r1], r[r2]));
                break;
            case Opcodes.ADD3A:
                // add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4
                set(r, r0, r[r1] + r[r0]);
                set(r, r2, lessUnsigned(r[r0], r[r1]));
                set(r, r3, r[r2] + r[rs4(inst)]);
                break;
            case Opcodes.ADD3B:
                // add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4
                set(r, r0, r[r1] + r[r2]);
                set(r, r1, lessUnsigned(r[r0], r[r1]));
                set(r, r3, r[r1] + r[rs4(inst)]);
                break;
            case Opcodes.ADD3C:
                // add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4
                set(r, r0, r[r1] + r[r2]);
                set(r, r3, lessUnsigned(r[r0], r[r1]));
                set(r, r3, r[r3] + r[rs4(inst)]);
                break;
            default:
                throw new IllegalArgumentException(Opcodes.name(opcode(inst)));
        }
    }
}
