package org.ckbvm.jit;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;
import static org.ckbvm.isa.PackedInstruction.rs3;
import static org.ckbvm.isa.PackedInstruction.rs4;
import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.machine.TraceCache;
import org.ckbvm.machine.TraceInfo;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes one region ({@link RegionCompiler}) as a hidden class: the trace ids as static finals
 * from the class data, the constructor taking the entry, the method skeleton (prologue, the
 * entry switch, write-back of pc and cycles, exits that chain, the exception handler), one block
 * per trace (slot check, charge, items), loads and stores with their bound and write-fast checks,
 * jumps, branches and the dispatch of indirect jumps. Arithmetic items are {@link AluEmitter}'s.
 * Single use: one instance per region.
 */
final class RegionEmitter extends AluEmitter {
    final List<TraceInfo> blocks;
    final Map<Long, Integer> index = new HashMap<>();
    final Label[] check;
    final Label[] body;
    final Map<Long, Label> exits = new TreeMap<>();
    final List<Runnable> stubs = new ArrayList<>();
    final Label dispatch = new Label();
    final Label exit = new Label();
    boolean usesDispatch;


    /** The class data of a region of these blocks: their trace ids, in block order. */
    static int[] classData(List<TraceInfo> blocks) {
        int[] ids = new int[blocks.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = blocks.get(i).id;
        }
        return ids;
    }

    /**
     * {@code static final int id0, id1, ...}: the blocks' trace ids, set by the class
     * initializer from the class data ({@link #classData}, read with
     * {@code MethodHandles.classData}); HotSpot folds them into constants.
     */
    private void idFields(ClassWriter cw) {
        for (int i = 0; i < blocks.size(); i++) {
            cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, "id" + i, "I", null, null).visitEnd();
        }
        MethodVisitor clinit = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        clinit.visitLdcInsn("_");
        clinit.visitLdcInsn(org.objectweb.asm.Type.getType("[I"));
        clinit.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        clinit.visitTypeInsn(CHECKCAST, "[I");
        clinit.visitVarInsn(ASTORE, 0);
        for (int i = 0; i < blocks.size(); i++) {
            clinit.visitVarInsn(ALOAD, 0);
            pushInt(clinit, i);
            clinit.visitInsn(IALOAD);
            clinit.visitFieldInsn(PUTSTATIC, CLASS, "id" + i, "I");
        }
        clinit.visitInsn(RETURN);
        clinit.visitMaxs(3, 1);
        clinit.visitEnd();
    }

    RegionEmitter(List<TraceInfo> blocks) {
        this.blocks = blocks;
        check = new Label[blocks.size()];
        body = new Label[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            index.put(blocks.get(i).address, i);
            check[i] = new Label();
            body[i] = new Label();
        }
    }

    RegionCompiler.Generated run() {
        // frames and maximums are written by hand (see label): ASM only serializes
        ClassWriter cw = new ClassWriter(0);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, CLASS, null, SUPER, null);
        idFields(cw);
        MethodVisitor init = cw.visitMethod(0, "<init>", "(I)V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        pushInt(init, blocks.size());
        init.visitVarInsn(ILOAD, 1);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "(II)V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(3, 2);
        init.visitEnd();

        mv = cw.visitMethod(0, "run", "(L" + MACHINE + ";)L" + SUPER + ";", null, null);
        frame = frameLocals();
        mv.visitCode();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label codeEnd = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, VMEXC);
        prologue();
        if (blocks.size() == 1) {
            mv.visitJumpInsn(GOTO, body[0]);
        } else {
            // the instance's entry: the trace the run loop (or a chaining exit) charged
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, SUPER, "entry", "I");
            mv.visitTableSwitchInsn(0, blocks.size() - 1, body[0], body);
        }
        mv.visitLabel(tryStart);
        for (int i = 0; i < blocks.size(); i++) {
            block(i);
        }
        if (usesDispatch) {
            emitDispatch();
        }
        for (Runnable stub : stubs) {
            stub.run();
        }
        mv.visitLabel(tryEnd);
        for (Map.Entry<Long, Label> e : exits.entrySet()) {
            label(e.getValue());
            pushLong(e.getKey());
            mv.visitVarInsn(LSTORE, EXITPC);
            mv.visitJumpInsn(GOTO, exit);
        }
        label(exit);
        writeBack(EXITPC);
        // chaining: the region at pc, charged, or null for the run loop
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKESTATIC, SUPER, "next", "(L" + MACHINE + ";)L" + SUPER + ";", false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(handler);
        mv.visitFrame(F_NEW, frame.length, frame, 1, new Object[] {VMEXC});
        mv.visitVarInsn(ASTORE, EXC);
        writeBack(CURPC);
        mv.visitVarInsn(ALOAD, EXC);
        mv.visitInsn(ATHROW);
        mv.visitLabel(codeEnd);
        mv.visitMaxs(MAX_STACK, LOCALS);
        mv.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        return new RegionCompiler.Generated(bytes, codeEnd.getOffset());
    }

    /**
     * The locals at every jump target: this, the machine, the long scratch locals from
     * {@link #VALUE} to {@link #LIM8}, then the arrays and the memory object. All are assigned by
     * the prologue. {@link #EXC} is used only after the handler.
     */
    private Object[] frameLocals() {
        List<Object> f = new ArrayList<>();
        f.add(CLASS);
        f.add(MACHINE);
        for (int local = VALUE; local <= LIM8; local += 2) {
            f.add(LONG);
        }
        f.add("[J");
        f.add("[B");
        f.add("[B");
        f.add("[I");
        f.add(MEMORY);
        return f.toArray();
    }

    private void prologue() {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, MACHINE, "regs", "[J");
        mv.visitVarInsn(ASTORE, REGS);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, MACHINE, "memory", "L" + MEMORY + ";");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, MEMOBJ);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "rawBytes", "()[B", false);
        mv.visitVarInsn(ASTORE, MEM);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "writeFastPages", "()[B", false);
        mv.visitVarInsn(ASTORE, WF);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "size", "()J", false);
        mv.visitVarInsn(LSTORE, TMPA);
        int[] widths = {1, 2, 4, 8};
        int[] lims = {LIM1, LIM2, LIM4, LIM8};
        for (int k = 0; k < 4; k++) {
            mv.visitVarInsn(LLOAD, TMPA);
            pushLong(widths[k]);
            mv.visitInsn(LSUB);
            pushLong(MIN);
            mv.visitInsn(LXOR);
            mv.visitVarInsn(LSTORE, lims[k]);
        }
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, MACHINE, "traces", "Lorg/ckbvm/machine/TraceCache;");
        mv.visitFieldInsn(GETFIELD, "org/ckbvm/machine/TraceCache", "ids", "[I");
        mv.visitVarInsn(ASTORE, IDS);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, MACHINE, "cycles", "J");
        mv.visitVarInsn(ALOAD, 1);
        mv.visitFieldInsn(GETFIELD, MACHINE, "maxCycles", "J");
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "budget", "(JJ)J", false);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, REM);
        mv.visitVarInsn(LSTORE, REM0);
        for (int local : new int[] {VALUE, ICOUNT, EXITPC, CURPC, ADDR, TGT, TMPA, TMPB}) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, local);
        }
    }

    /** Stores pc (from local {@code pcLocal}), cycles and the statistic back (registers are there already). */
    private void writeBack(int pcLocal) {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(LLOAD, pcLocal);
        mv.visitFieldInsn(PUTFIELD, MACHINE, "pc", "J");
        mv.visitVarInsn(ALOAD, 1);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, MACHINE, "cycles", "J");
        mv.visitVarInsn(LLOAD, REM0);
        mv.visitVarInsn(LLOAD, REM);
        mv.visitInsn(LSUB);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, MACHINE, "cycles", "J");
        mv.visitVarInsn(ALOAD, 1);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, MACHINE, "instructionsRetired", "J");
        mv.visitVarInsn(LLOAD, ICOUNT);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, MACHINE, "instructionsRetired", "J");
    }

    private Label exitTo(long pc) {
        return exits.computeIfAbsent(pc, k -> new Label());
    }

    /** Where control goes for a static successor: its block's check, or an exit. */
    private Label target(long pc) {
        Integer i = index.get(pc);
        return i != null ? check[i] : exitTo(pc);
    }

    private void block(int i) {
        TraceInfo t = blocks.get(i);
        Label leave = exitTo(t.address);
        label(check[i]);
        // reached by a jump inside the region: the trace cache slot must hold this very trace
        // (the entry's slot was checked by whoever charged it; nothing changes the cache while
        // the region runs, but a region may be entered at any of its traces)
        mv.visitVarInsn(ALOAD, IDS);
        pushInt(mv, TraceCache.slot(t.address));
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "id", "([II)I", false);
        // the trace's id is not in the bytecode (ids are given out per process, and the bytes are
        // kept across processes by RegionCache): a static final field set from the class data
        mv.visitFieldInsn(GETSTATIC, CLASS, "id" + i, "I");
        mv.visitJumpInsn(IF_ICMPNE, leave);
        mv.visitVarInsn(LLOAD, REM);
        pushLong(t.cycles);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLT, leave);
        mv.visitVarInsn(LLOAD, REM);
        pushLong(t.cycles);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, REM);
        mv.visitVarInsn(LLOAD, ICOUNT);
        pushLong(t.instructions);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, ICOUNT);
        label(body[i]);
        long fallThrough = t.end();
        boolean transferred = false;
        for (long inst : t.items) {
            transferred = item(inst, fallThrough);
        }
        if (!transferred) {
            mv.visitJumpInsn(GOTO, target(fallThrough));
        }
    }


    // ---- memory ----

    /**
     * A load; a fault leaves pc at {@code faultPc}, the trace's fall-through, where CKB-VM's
     * assembly machine put it on entering the trace ({@code Interpreter.executeTrace} says more).
     * Stores ({@link #store}) do the same.
     */
    private void load(long inst, long faultPc, int width, boolean version0, String helper) {
        get(rs1(inst));
        pushLong(imm(inst));
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, ADDR);
        mv.visitVarInsn(LLOAD, ADDR);
        pushLong(MIN);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, limit(width));
        mv.visitInsn(LCMP);
        Label fault = new Label();
        // version 1+: fault if addr > size - width; version 0: also if addr == size - width
        mv.visitJumpInsn(version0 ? IFGE : IFGT, fault);
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, ADDR);
        mv.visitInsn(L2I);
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, helper, "([BI)J", false);
        set(rd(inst));
        stubs.add(() -> {
            label(fault);
            pushLong(faultPc);
            mv.visitVarInsn(LSTORE, CURPC);
            mv.visitVarInsn(LLOAD, ADDR);
            mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "loadFault", "(J)L" + VMEXC + ";", false);
            mv.visitInsn(ATHROW);
        });
    }

    private void store(long inst, long faultPc, int width, String helper, String checked) {
        get(rs1(inst));
        pushLong(imm(inst));
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, ADDR);
        Label slow = new Label();
        Label done = new Label();
        mv.visitVarInsn(LLOAD, ADDR);
        pushLong(MIN);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, limit(width));
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGT, slow);
        mv.visitVarInsn(ALOAD, WF);
        mv.visitVarInsn(LLOAD, ADDR);
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "page", "([BJ)I", false);
        mv.visitJumpInsn(IFEQ, slow);
        if (width > 1) {
            mv.visitVarInsn(LLOAD, ADDR);
            mv.visitInsn(L2I);
            pushInt(mv, 0xfff);
            mv.visitInsn(IAND);
            pushInt(mv, 4096 - width);
            mv.visitJumpInsn(IF_ICMPGT, slow);
        }
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, ADDR);
        mv.visitInsn(L2I);
        get(rs2(inst));
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, helper, "([BIJ)V", false);
        label(done);
        stubs.add(() -> {
            label(slow);
            pushLong(faultPc);
            mv.visitVarInsn(LSTORE, CURPC);
            mv.visitVarInsn(ALOAD, MEMOBJ);
            mv.visitVarInsn(LLOAD, ADDR);
            get(rs2(inst));
            mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, checked, "(JJ)V", false);
            mv.visitJumpInsn(GOTO, done);
        });
    }

    private int limit(int width) {
        switch (width) {
            case 1: return LIM1;
            case 2: return LIM2;
            case 4: return LIM4;
            default: return LIM8;
        }
    }

    // ---- control ----

    private void branch(long inst, long fallThrough, int cmpIf, boolean unsigned) {
        if (unsigned) {
            getFlipped(rs1(inst));
            getFlipped(rs2(inst));
        } else {
            get(rs1(inst));
            get(rs2(inst));
        }
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(cmpIf, target(controlPc(inst, fallThrough) + imm(inst)));
        mv.visitJumpInsn(GOTO, target(fallThrough));
    }

    private void emitDispatch() {
        label(dispatch);
        Label out = exitToTarget();
        TreeMap<Integer, Label> cases = new TreeMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            long a = blocks.get(i).address;
            if (a >= 0 && a <= Integer.MAX_VALUE) {
                cases.put((int) a, check[i]);
            }
        }
        // the target must fit in an int (sign-extended) to match a key
        mv.visitVarInsn(LLOAD, TGT);
        mv.visitVarInsn(LLOAD, TGT);
        mv.visitInsn(L2I);
        mv.visitInsn(I2L);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, out);
        mv.visitVarInsn(LLOAD, TGT);
        mv.visitInsn(L2I);
        int[] keys = new int[cases.size()];
        Label[] labels = new Label[cases.size()];
        int k = 0;
        for (Map.Entry<Integer, Label> e : cases.entrySet()) {
            keys[k] = e.getKey();
            labels[k] = e.getValue();
            k++;
        }
        mv.visitLookupSwitchInsn(out, keys, labels);
    }

    private Label exitToTarget() {
        Label out = new Label();
        stubs.add(() -> {
            label(out);
            mv.visitVarInsn(LLOAD, TGT);
            mv.visitVarInsn(LSTORE, EXITPC);
            mv.visitJumpInsn(GOTO, exit);
        });
        return out;
    }


    /** Emits one item; returns whether it transferred control (always the trace's last). */
    private boolean item(long inst, long fallThrough) {
        int op = opcode(inst);
        switch (op) {
            case Opcodes.NOP:
            case Opcodes.FENCE:
            case Opcodes.FENCEI:
            case Opcodes.EBREAK:
                return false;

            case Opcodes.LB_VERSION1: load(inst, fallThrough, 1, false, "ld8s"); return false;
            case Opcodes.LH_VERSION1: load(inst, fallThrough, 2, false, "ld16s"); return false;
            case Opcodes.LW_VERSION1: load(inst, fallThrough, 4, false, "ld32s"); return false;
            case Opcodes.LD_VERSION1: load(inst, fallThrough, 8, false, "ld64"); return false;
            case Opcodes.LBU_VERSION1: load(inst, fallThrough, 1, false, "ld8u"); return false;
            case Opcodes.LHU_VERSION1: load(inst, fallThrough, 2, false, "ld16u"); return false;
            case Opcodes.LWU_VERSION1: load(inst, fallThrough, 4, false, "ld32u"); return false;
            case Opcodes.LB_VERSION0: load(inst, fallThrough, 1, true, "ld8s"); return false;
            case Opcodes.LH_VERSION0: load(inst, fallThrough, 2, true, "ld16s"); return false;
            case Opcodes.LW_VERSION0: load(inst, fallThrough, 4, true, "ld32s"); return false;
            case Opcodes.LD_VERSION0: load(inst, fallThrough, 8, true, "ld64"); return false;
            case Opcodes.LBU_VERSION0: load(inst, fallThrough, 1, true, "ld8u"); return false;
            case Opcodes.LHU_VERSION0: load(inst, fallThrough, 2, true, "ld16u"); return false;
            case Opcodes.LWU_VERSION0: load(inst, fallThrough, 4, true, "ld32u"); return false;
            case Opcodes.SB: store(inst, fallThrough, 1, "st8", "store8"); return false;
            case Opcodes.SH: store(inst, fallThrough, 2, "st16", "store16"); return false;
            case Opcodes.SW: store(inst, fallThrough, 4, "st32", "store32"); return false;
            case Opcodes.SD: store(inst, fallThrough, 8, "st64", "store64"); return false;

            case Opcodes.JAL:
                if (rd(inst) != 0) {
                    pushLong(fallThrough);
                    set(rd(inst));
                }
                mv.visitJumpInsn(GOTO, target(controlPc(inst, fallThrough) + imm(inst)));
                return true;
            case Opcodes.JALR_VERSION0:
                // version 0 writes rd before computing the target (ckb-vm issue #92)
                if (rd(inst) != 0) {
                    pushLong(fallThrough);
                    set(rd(inst));
                }
                get(rs1(inst));
                pushLong(imm(inst));
                mv.visitInsn(LADD);
                pushLong(~1L);
                mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, TGT);
                usesDispatch = true;
                mv.visitJumpInsn(GOTO, dispatch);
                return true;
            case Opcodes.JALR_VERSION1:
                get(rs1(inst));
                pushLong(imm(inst));
                mv.visitInsn(LADD);
                pushLong(~1L);
                mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, TGT);
                if (rd(inst) != 0) {
                    pushLong(fallThrough);
                    set(rd(inst));
                }
                usesDispatch = true;
                mv.visitJumpInsn(GOTO, dispatch);
                return true;
            case Opcodes.FAR_JUMP_REL:
                pushLong(fallThrough);
                set(RA);
                mv.visitJumpInsn(GOTO, target((controlPc(inst, fallThrough) + imm(inst)) & ~1L));
                return true;
            case Opcodes.FAR_JUMP_ABS:
                pushLong(fallThrough);
                set(RA);
                mv.visitJumpInsn(GOTO, target((long) imm(inst) & ~1L));
                return true;
            case Opcodes.BEQ: branch(inst, fallThrough, IFEQ, false); return true;
            case Opcodes.BNE: branch(inst, fallThrough, IFNE, false); return true;
            case Opcodes.BLT: branch(inst, fallThrough, IFLT, false); return true;
            case Opcodes.BGE: branch(inst, fallThrough, IFGE, false); return true;
            case Opcodes.BLTU: branch(inst, fallThrough, IFLT, true); return true;
            case Opcodes.BGEU: branch(inst, fallThrough, IFGE, true); return true;
            default:
                arithmetic(inst, fallThrough);
                return false;
        }
    }
}
