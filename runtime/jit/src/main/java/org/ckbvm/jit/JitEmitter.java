package org.ckbvm.jit;

import static org.objectweb.asm.Opcodes.*;
import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The bytecode vocabulary of a compiled region ({@link RegionEmitter}): the method's local
 * variable layout, register reads and writes (in the machine's register array), and
 * the small patterns (constants, unsigned compares, register/immediate operations) every opcode
 * family is emitted from.
 */
abstract class JitEmitter {
    static final String MACHINE = "org/ckbvm/machine/Machine";
    static final String MEMORY = "org/ckbvm/memory/Memory";
    static final String RUNTIME = "org/ckbvm/jit/JitRuntime";
    /** The instruction table ({@link org.ckbvm.isa.semantics}): M and B operations are called, not re-emitted. */
    static final String MULTIPLY = "org/ckbvm/isa/semantics/MultiplyOps";
    static final String BITS = "org/ckbvm/isa/semantics/BitManipulationOps";
    static final String SUPER = "org/ckbvm/machine/CompiledRegion";
    static final String VMEXC = "org/ckbvm/error/VmException";
    static final long MIN = Long.MIN_VALUE;
    static final int RA = 1;


    // locals: 0 this, 1 machine, then longs from VALUE to LIM8, then references
    /** The value being written to a guest register ({@link #set}). */
    static final int VALUE = 2;
    static final int REM = 4;
    static final int REM0 = 6;
    static final int ICOUNT = 8;
    static final int EXITPC = 10;
    static final int CURPC = 12;
    static final int ADDR = 14;
    static final int TGT = 16;
    static final int TMPA = 18;
    static final int TMPB = 20;
    static final int LIM1 = 22;
    static final int LIM2 = 24;
    static final int LIM4 = 26;
    static final int LIM8 = 28;
    static final int REGS = 30;
    static final int MEM = 31;
    static final int WF = 32;
    static final int IDS = 33;
    static final int MEMOBJ = 34;
    static final int EXC = 35;
    static final int LOCALS = 36;
    /** An upper bound of the operand stack of every emitted sequence (the deepest needs 8 slots). */
    static final int MAX_STACK = 16;
    /** The name of every region class (hidden classes get a unique suffix when defined). */
    static final String CLASS = "org/ckbvm/machine/Region";

    MethodVisitor mv;

    // ---- registers ----

    /*
     * Guest registers stay in the machine's register array: a read is an array load, a write an
     * array store. HotSpot keeps them in machine registers between accesses where it can (it
     * forwards a stored value to later loads of the same element), while the method's live state
     * stays small: with the 31 registers as JVM locals, every region had more long values live
     * everywhere than a CPU has registers, and C2 spent most of a region's compile time in
     * register allocation. Nothing needs writing back on an exit or a fault, so chaining from
     * region to region costs no more than a call.
     */

    void get(int r) {
        if (r == 0) {
            mv.visitInsn(LCONST_0);
        } else {
            mv.visitVarInsn(ALOAD, REGS);
            pushInt(mv, r);
            mv.visitInsn(LALOAD);
        }
    }

    /** Writes the long on the stack to register r (x0: dropped). */
    void set(int r) {
        if (r == 0) {
            mv.visitInsn(POP2);
        } else {
            mv.visitVarInsn(LSTORE, VALUE);
            mv.visitVarInsn(ALOAD, REGS);
            pushInt(mv, r);
            mv.visitVarInsn(LLOAD, VALUE);
            mv.visitInsn(LASTORE);
        }
    }

    void pushLong(long v) {
        if (v == 0) {
            mv.visitInsn(LCONST_0);
        } else if (v == 1) {
            mv.visitInsn(LCONST_1);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /**
     * Turns the result of LCMP (-1, 0 or 1) into 1L if it is -1 (less than), else 0L, without a
     * branch: its sign bit. Branch-free code keeps every jump target of a region at an empty
     * stack, so that one stack map frame fits them all ({@link #label}).
     */
    void lessThanToLong() {
        mv.visitIntInsn(BIPUSH, 31);
        mv.visitInsn(IUSHR);
        mv.visitInsn(I2L);
    }

    /**
     * The locals of the region method at every jump target: the same everywhere, since the
     * prologue assigns all of them ({@link RegionEmitter}); set before the body is written.
     */
    Object[] frame;
    private int framed = -1;

    /**
     * Places a label that control may reach by a jump, or that follows an unconditional one,
     * with its stack map frame: the locals of {@link #frame} and an empty operand stack. Frames
     * are written here rather than computed by ASM ({@code COMPUTE_FRAMES} analyses the whole
     * method, a large share of translation time in a fresh JVM).
     */
    void label(Label l) {
        mv.visitLabel(l);
        int at = l.getOffset();
        if (at != framed) {
            mv.visitFrame(F_NEW, frame.length, frame, 0, new Object[0]);
            framed = at;
        }
    }

    /** Pushes (a ^ MIN) for the register, for unsigned comparisons. */
    void getFlipped(int r) {
        get(r);
        pushLong(MIN);
        mv.visitInsn(LXOR);
    }

    void ltu(int a, int b) {
        getFlipped(a);
        getFlipped(b);
        mv.visitInsn(LCMP);
        lessThanToLong();
    }

    void binary(long inst, int jvmOp) {
        get(rs1(inst));
        get(rs2(inst));
        mv.visitInsn(jvmOp);
        set(rd(inst));
    }

    void immediate(long inst, int jvmOp) {
        get(rs1(inst));
        pushLong(imm(inst));
        mv.visitInsn(jvmOp);
        set(rd(inst));
    }

    void shiftImm(long inst, int jvmOp) {
        get(rs1(inst));
        pushInt(mv, imm(inst));
        mv.visitInsn(jvmOp);
        set(rd(inst));
    }

    void shiftReg(long inst, int jvmOp) {
        get(rs1(inst));
        get(rs2(inst));
        mv.visitInsn(L2I);
        mv.visitInsn(jvmOp);
        set(rd(inst));
    }

    void word(long inst, int jvmOp) {
        get(rs1(inst));
        mv.visitInsn(L2I);
        get(rs2(inst));
        mv.visitInsn(L2I);
        mv.visitInsn(jvmOp);
        mv.visitInsn(I2L);
        set(rd(inst));
    }

    void wordImm(long inst, int jvmOp) {
        get(rs1(inst));
        mv.visitInsn(L2I);
        pushInt(mv, imm(inst));
        mv.visitInsn(jvmOp);
        mv.visitInsn(I2L);
        set(rd(inst));
    }

    void call2(long inst, String owner, String name) {
        get(rs1(inst));
        get(rs2(inst));
        mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
        set(rd(inst));
    }

    void call1(long inst, String owner, String name, String desc, boolean toInt, int postOp) {
        get(rs1(inst));
        if (toInt) {
            mv.visitInsn(L2I);
        }
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
        if (postOp != 0) {
            mv.visitInsn(postOp);
        }
        set(rd(inst));
    }


    /**
     * The address a trace's last item computes with (AUIPC, jump and branch targets): the pc
     * after the trace minus the item's length, as in the assembly machine, where the pc after
     * the trace uses the u8 trace length.
     */
    static long controlPc(long inst, long fallThrough) {
        return fallThrough - length(inst);
    }

}
