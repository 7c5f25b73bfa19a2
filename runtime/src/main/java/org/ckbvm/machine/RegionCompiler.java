package org.ckbvm.machine;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;
import static org.ckbvm.isa.PackedInstruction.rs3;
import static org.ckbvm.isa.PackedInstruction.rs4;
import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ckbvm.isa.Opcodes;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates a region of traces into one JVM method, so that HotSpot compiles guest code to
 * machine code.
 *
 * <p><b>Region.</b> A hot head trace and the traces reachable from it through static successors
 * (branch targets and fall-throughs, jump targets, return points after calls) that are in the
 * machine's trace cache right now, exactly as cached (the intern table gives each content an id).
 * Nothing is decoded here: decoding would change the decoder cache, which is part of the
 * semantics. Traces with a syscall or an atomic are never part of a region.
 *
 * <p><b>Exactness.</b> Each trace of the region is a block: on entry it checks that its trace
 * cache slot holds its id (the reference loop would find and run this very trace there; no
 * lookup can change the cache while a region runs), then charges its cycles as the reference
 * loop does (all at entry; if they would pass the limit, the block does not start). Any failed
 * check leaves the region with pc at the block's start, where the reference loop takes over and
 * finds the same outcome. Indirect jumps go through a switch over the region's blocks, else
 * leave. Registers live in JVM locals and are stored back on every exit. A memory fault runs the
 * checked accessor of {@code Memory} (or throws its error) with pc set to the faulting item, after
 * the whole trace was charged and the items before it ran: the reference interpreter's state.
 * Stores go straight to memory only into pages whose write-fast byte says no W^X check or
 * DIRTY/touched bookkeeping is needed, else through {@code Memory}'s checked stores.
 */
final class RegionCompiler {
    private RegionCompiler() {}

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    /** HotSpot does not compile methods of more than 8000 bytecode bytes (HugeMethodLimit). */
    static final int MAX_CODE = 7900;
    /** Estimated bytecode budget when forming a region. */
    static final int BUDGET = 6500;

    private static final String MACHINE = "org/ckbvm/machine/Machine";
    private static final String MEMORY = "org/ckbvm/memory/Memory";
    private static final String RUNTIME = "org/ckbvm/machine/JitRuntime";
    private static final String ARITH = "org/ckbvm/machine/Arithmetic";
    private static final String SUPER = "org/ckbvm/machine/CompiledRegion";
    private static final String VMEXC = "org/ckbvm/error/VmException";
    private static final long MIN = Long.MIN_VALUE;
    private static final int RA = 1;

    // locals: 0 this, 1 machine, x1..x31 in 2..63 (x_i at 2*i)
    private static final int REM = 64;
    private static final int REM0 = 66;
    private static final int ICOUNT = 68;
    private static final int EXITPC = 70;
    private static final int CURPC = 72;
    private static final int ADDR = 74;
    private static final int TGT = 76;
    private static final int TMPA = 78;
    private static final int TMPB = 80;
    private static final int LIM1 = 82;
    private static final int LIM2 = 84;
    private static final int LIM4 = 86;
    private static final int LIM8 = 88;
    private static final int REGS = 90;
    private static final int MEM = 91;
    private static final int WF = 92;
    private static final int IDS = 93;
    private static final int MEMOBJ = 94;
    private static final int EXC = 95;

    // ---- entry points used by the run loop ---------------------------------------------------

    static void compile(Machine machine, TraceInfo head) {
        if (!head.compilable || head.id == 0) {
            return;
        }
        synchronized (head) {
            if (head.compileState != 0) {
                return;
            }
            head.compileState = 1;
        }
        try {
            CompiledRegion region = build(machine, head);
            head.region = region;
        } catch (Throwable t) {
            head.compileState = 2;
            if (JitPolicy.VERBOSE) {
                System.err.println("[jit] cannot translate " + head + ": " + t);
                t.printStackTrace();
            }
        }
    }

    /** Translates the head's region again if the trace cache now holds more of it. */
    static void recompile(Machine machine, TraceInfo head) {
        CompiledRegion old = head.region;
        if (old == null || head.recompiles >= JitPolicy.MAX_RECOMPILES) {
            return;
        }
        synchronized (head) {
            if (head.region != old) {
                return;
            }
            head.recompiles++;
            head.regionEntries = 0;
        }
        try {
            List<TraceInfo> blocks = formRegion(machine, head, BUDGET);
            if (blocks.size() > old.blocks) {
                head.region = generateFitting(blocks);
            }
        } catch (Throwable t) {
            if (JitPolicy.VERBOSE) {
                System.err.println("[jit] cannot retranslate " + head + ": " + t);
            }
        }
    }

    private static CompiledRegion build(Machine machine, TraceInfo head) throws Throwable {
        return generateFitting(formRegion(machine, head, BUDGET));
    }

    private static CompiledRegion generateFitting(List<TraceInfo> blocks) throws Throwable {
        while (true) {
            Generated g = generate(blocks);
            if (g.codeSize <= MAX_CODE || blocks.size() == 1) {
                if (JitPolicy.VERBOSE) {
                    System.err.println("[jit] region " + blocks.get(0) + ": " + blocks.size() + " traces, "
                            + g.codeSize + " bytes of bytecode");
                }
                if (g.codeSize > MAX_CODE) {
                    throw new IllegalStateException("a single trace needs " + g.codeSize + " bytes");
                }
                return define(g.bytes);
            }
            blocks = blocks.subList(0, Math.max(1, blocks.size() * 2 / 3));
        }
    }

    private static CompiledRegion define(byte[] bytes) throws Throwable {
        MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
        return (CompiledRegion) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                .invoke();
    }

    // ---- region formation ---------------------------------------------------------------------

    /** The head and the cached traces reachable from it, breadth first, within the budget. */
    static List<TraceInfo> formRegion(Machine machine, TraceInfo head, int budget) {
        List<TraceInfo> blocks = new ArrayList<>();
        Map<Long, TraceInfo> seen = new HashMap<>();
        ArrayDeque<TraceInfo> queue = new ArrayDeque<>();
        blocks.add(head);
        seen.put(head.address, head);
        queue.add(head);
        int used = estimate(head);
        long[] succ = new long[3];
        while (!queue.isEmpty()) {
            TraceInfo b = queue.poll();
            int n = successors(b, succ);
            for (int k = 0; k < n; k++) {
                long target = succ[k];
                if (seen.containsKey(target)) {
                    continue;
                }
                int slot = TraceCache.slot(target);
                TraceInfo t = machine.traces.info[slot];
                // a trace of length 0 never runs (ZeroLengthTrace): only the run loop meets it
                if (t == null || t.address != target || !t.compilable || t.id == 0 || t.length == 0
                        || machine.traces.ids[slot] != t.id) {
                    continue;
                }
                if (t.region != null && !JitPolicy.COPY_HEADS) {
                    continue; // the head of a region of its own: leave to it rather than copy it
                }
                int cost = estimate(t);
                if (used + cost > budget) {
                    continue;
                }
                used += cost;
                seen.put(target, t);
                blocks.add(t);
                queue.add(t);
            }
        }
        return blocks;
    }

    /** Static successors of a trace (targets, fall-through, return point after a call). */
    private static int successors(TraceInfo b, long[] out) {
        long last = b.items[b.items.length - 1];
        long lastPc = b.end() - length(last);
        int op = opcode(last);
        switch (op) {
            case Opcodes.BEQ: case Opcodes.BNE: case Opcodes.BLT: case Opcodes.BGE:
            case Opcodes.BLTU: case Opcodes.BGEU:
                out[0] = lastPc + imm(last);
                out[1] = b.end();
                return 2;
            case Opcodes.JAL:
                out[0] = lastPc + imm(last);
                if (rd(last) != 0) {
                    out[1] = b.end();
                    return 2;
                }
                return 1;
            case Opcodes.JALR_VERSION0: case Opcodes.JALR_VERSION1:
                if (rd(last) != 0) {
                    out[0] = b.end();
                    return 1;
                }
                return 0;
            case Opcodes.FAR_JUMP_REL:
                out[0] = (lastPc + imm(last)) & ~1L;
                out[1] = b.end();
                return 2;
            case Opcodes.FAR_JUMP_ABS:
                out[0] = (long) imm(last) & ~1L;
                out[1] = b.end();
                return 2;
            default:
                out[0] = b.end();
                return 1;
        }
    }

    private static int estimate(TraceInfo t) {
        int bytes = 48;
        for (long inst : t.items) {
            int op = opcode(inst);
            if (isLoad(op)) {
                bytes += 40;
            } else if (op >= Opcodes.SB && op <= Opcodes.SD) {
                bytes += 62;
            } else if (op >= Opcodes.ADC && op <= Opcodes.ADD3C) {
                bytes += 60;
            } else {
                bytes += 16;
            }
        }
        return bytes;
    }

    private static boolean isLoad(int op) {
        return op >= Opcodes.LB_VERSION0 && op <= Opcodes.LWU_VERSION1;
    }

    // ---- bytecode generation --------------------------------------------------------------------

    record Generated(byte[] bytes, int codeSize) {}

    static Generated generate(List<TraceInfo> blocks) {
        return new Gen(blocks).run();
    }

    private static final class Gen {
        final List<TraceInfo> blocks;
        final Map<Long, Integer> index = new HashMap<>();
        final Label[] check;
        final Label[] body;
        final Map<Long, Label> exits = new TreeMap<>();
        final List<Runnable> stubs = new ArrayList<>();
        final Label dispatch = new Label();
        final Label exit = new Label();
        boolean usesDispatch;
        final boolean[] usedRegs = new boolean[32];
        MethodVisitor mv;

        Gen(List<TraceInfo> blocks) {
            this.blocks = blocks;
            check = new Label[blocks.size()];
            body = new Label[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                index.put(blocks.get(i).address, i);
                check[i] = new Label();
                body[i] = new Label();
                for (long inst : blocks.get(i).items) {
                    markRegisters(inst);
                }
            }
        }

        private void markRegisters(long inst) {
            int op = opcode(inst);
            if (op == Opcodes.NOP) {
                return;
            }
            usedRegs[rd(inst)] = true;
            usedRegs[rs1(inst)] = true;
            usedRegs[rs2(inst)] = true;
            if (op >= Opcodes.ADC && op <= Opcodes.WIDE_DIVU) {
                usedRegs[rs3(inst)] = true;
            }
            if (op == Opcodes.ADD3A || op == Opcodes.ADD3B || op == Opcodes.ADD3C) {
                usedRegs[rs4(inst)] = true;
            }
            if (op == Opcodes.FAR_JUMP_REL || op == Opcodes.FAR_JUMP_ABS) {
                usedRegs[RA] = true;
            }
            usedRegs[0] = false;
        }

        Generated run() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return "java/lang/Object";
                }
            };
            cw.visit(V17, ACC_FINAL | ACC_SUPER, "org/ckbvm/machine/Region", null, SUPER, null);
            MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            pushInt(init, blocks.size());
            init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "(I)V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            mv = cw.visitMethod(0, "run", "(L" + MACHINE + ";)V", null, null);
            mv.visitCode();
            Label tryStart = new Label();
            Label tryEnd = new Label();
            Label handler = new Label();
            Label codeEnd = new Label();
            mv.visitTryCatchBlock(tryStart, tryEnd, handler, VMEXC);
            prologue();
            mv.visitJumpInsn(GOTO, body[0]);
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
                mv.visitLabel(e.getValue());
                pushLong(e.getKey());
                mv.visitVarInsn(LSTORE, EXITPC);
                mv.visitJumpInsn(GOTO, exit);
            }
            mv.visitLabel(exit);
            writeBack(EXITPC);
            mv.visitInsn(RETURN);
            mv.visitLabel(handler);
            mv.visitVarInsn(ASTORE, EXC);
            writeBack(CURPC);
            mv.visitVarInsn(ALOAD, EXC);
            mv.visitInsn(ATHROW);
            mv.visitLabel(codeEnd);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            cw.visitEnd();
            byte[] bytes = cw.toByteArray();
            return new Generated(bytes, codeEnd.getOffset());
        }

        private void prologue() {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitFieldInsn(GETFIELD, MACHINE, "regs", "[J");
            mv.visitVarInsn(ASTORE, REGS);
            for (int r = 1; r < 32; r++) {
                if (usedRegs[r]) {
                    mv.visitVarInsn(ALOAD, REGS);
                    pushInt(mv, r);
                    mv.visitInsn(LALOAD);
                    mv.visitVarInsn(LSTORE, 2 * r);
                }
            }
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
            for (int local : new int[] {ICOUNT, EXITPC, CURPC, ADDR, TGT, TMPA, TMPB}) {
                mv.visitInsn(LCONST_0);
                mv.visitVarInsn(LSTORE, local);
            }
        }

        /** Stores registers, pc (from local {@code pcLocal}), cycles and the statistic back. */
        private void writeBack(int pcLocal) {
            for (int r = 1; r < 32; r++) {
                if (usedRegs[r]) {
                    mv.visitVarInsn(ALOAD, REGS);
                    pushInt(mv, r);
                    mv.visitVarInsn(LLOAD, 2 * r);
                    mv.visitInsn(LASTORE);
                }
            }
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
            mv.visitLabel(check[i]);
            if (i != 0) {
                // the head's slot was checked by the run loop and nothing changes the cache
                // while the region runs; every other trace checks its slot
                mv.visitVarInsn(ALOAD, IDS);
                pushInt(mv, TraceCache.slot(t.address));
                mv.visitInsn(IALOAD);
                pushInt(mv, t.id);
                mv.visitJumpInsn(IF_ICMPNE, leave);
            }
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
            mv.visitLabel(body[i]);
            long itemPc = t.address;
            long fallThrough = t.end();
            boolean transferred = false;
            for (int k = 0; k < t.items.length; k++) {
                long inst = t.items[k];
                transferred = item(inst, itemPc, fallThrough);
                itemPc += length(inst);
            }
            if (!transferred) {
                mv.visitJumpInsn(GOTO, target(fallThrough));
            }
        }

        // ---- registers ----

        private void get(int r) {
            if (r == 0) {
                mv.visitInsn(LCONST_0);
            } else {
                mv.visitVarInsn(LLOAD, 2 * r);
            }
        }

        private void set(int r) {
            if (r == 0) {
                mv.visitInsn(POP2);
            } else {
                mv.visitVarInsn(LSTORE, 2 * r);
            }
        }

        private void pushLong(long v) {
            if (v == 0) {
                mv.visitInsn(LCONST_0);
            } else if (v == 1) {
                mv.visitInsn(LCONST_1);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        private static void pushInt(MethodVisitor mv, int v) {
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

        /** Leaves 1L or 0L for an int condition on the comparison result of LCMP. */
        private void cmpToLong(int ifOpcode) {
            Label yes = new Label();
            Label done = new Label();
            mv.visitJumpInsn(ifOpcode, yes);
            mv.visitInsn(LCONST_0);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(yes);
            mv.visitInsn(LCONST_1);
            mv.visitLabel(done);
        }

        /** Pushes (a ^ MIN) for the register, for unsigned comparisons. */
        private void getFlipped(int r) {
            get(r);
            pushLong(MIN);
            mv.visitInsn(LXOR);
        }

        private void ltu(int a, int b) {
            getFlipped(a);
            getFlipped(b);
            mv.visitInsn(LCMP);
            cmpToLong(IFLT);
        }

        private void binary(long inst, int jvmOp) {
            get(rs1(inst));
            get(rs2(inst));
            mv.visitInsn(jvmOp);
            set(rd(inst));
        }

        private void immediate(long inst, int jvmOp) {
            get(rs1(inst));
            pushLong(imm(inst));
            mv.visitInsn(jvmOp);
            set(rd(inst));
        }

        private void shiftImm(long inst, int jvmOp) {
            get(rs1(inst));
            pushInt(mv, imm(inst));
            mv.visitInsn(jvmOp);
            set(rd(inst));
        }

        private void shiftReg(long inst, int jvmOp) {
            get(rs1(inst));
            get(rs2(inst));
            mv.visitInsn(L2I);
            mv.visitInsn(jvmOp);
            set(rd(inst));
        }

        private void word(long inst, int jvmOp) {
            get(rs1(inst));
            mv.visitInsn(L2I);
            get(rs2(inst));
            mv.visitInsn(L2I);
            mv.visitInsn(jvmOp);
            mv.visitInsn(I2L);
            set(rd(inst));
        }

        private void wordImm(long inst, int jvmOp) {
            get(rs1(inst));
            mv.visitInsn(L2I);
            pushInt(mv, imm(inst));
            mv.visitInsn(jvmOp);
            mv.visitInsn(I2L);
            set(rd(inst));
        }

        private void call2(long inst, String owner, String name) {
            get(rs1(inst));
            get(rs2(inst));
            mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
            set(rd(inst));
        }

        private void call1(long inst, String owner, String name, String desc, boolean toInt, int postOp) {
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

        // ---- memory ----

        private void load(long inst, long itemPc, int width, boolean version0, String helper) {
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
                mv.visitLabel(fault);
                pushLong(itemPc);
                mv.visitVarInsn(LSTORE, CURPC);
                mv.visitVarInsn(LLOAD, ADDR);
                mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "loadFault", "(J)L" + VMEXC + ";", false);
                mv.visitInsn(ATHROW);
            });
        }

        private void store(long inst, long itemPc, int width, String helper, String checked) {
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
            pushInt(mv, 12);
            mv.visitInsn(LUSHR);
            mv.visitInsn(L2I);
            mv.visitInsn(BALOAD);
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
            mv.visitLabel(done);
            stubs.add(() -> {
                mv.visitLabel(slow);
                pushLong(itemPc);
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

        private void branch(long inst, long itemPc, long fallThrough, int cmpIf, boolean unsigned) {
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
            mv.visitLabel(dispatch);
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
                mv.visitLabel(out);
                mv.visitVarInsn(LLOAD, TGT);
                mv.visitVarInsn(LSTORE, EXITPC);
                mv.visitJumpInsn(GOTO, exit);
            });
            return out;
        }

        /**
         * The address a trace's last item computes with (AUIPC, jump and branch targets): the pc
         * after the trace minus the item's length, as in the assembly machine, where the pc after
         * the trace uses the u8 trace length; {@code itemPc} stays the true address for faults.
         */
        private static long controlPc(long inst, long fallThrough) {
            return fallThrough - length(inst);
        }

        /** Emits one item; returns whether it transferred control (always the trace's last). */
        private boolean item(long inst, long itemPc, long fallThrough) {
            int op = opcode(inst);
            switch (op) {
                case Opcodes.NOP:
                case Opcodes.FENCE:
                case Opcodes.FENCEI:
                case Opcodes.EBREAK:
                    return false;
                case Opcodes.LUI:
                case Opcodes.CUSTOM_LOAD_IMM:
                    pushLong(imm(inst));
                    set(rd(inst));
                    return false;
                case Opcodes.AUIPC:
                    pushLong(controlPc(inst, fallThrough) + imm(inst));
                    set(rd(inst));
                    return false;
                case Opcodes.ADDI: immediate(inst, LADD); return false;
                case Opcodes.XORI: immediate(inst, LXOR); return false;
                case Opcodes.ORI: immediate(inst, LOR); return false;
                case Opcodes.ANDI: immediate(inst, LAND); return false;
                case Opcodes.SLTI:
                    get(rs1(inst));
                    pushLong(imm(inst));
                    mv.visitInsn(LCMP);
                    cmpToLong(IFLT);
                    set(rd(inst));
                    return false;
                case Opcodes.SLTIU:
                    getFlipped(rs1(inst));
                    pushLong((long) imm(inst) ^ MIN);
                    mv.visitInsn(LCMP);
                    cmpToLong(IFLT);
                    set(rd(inst));
                    return false;
                case Opcodes.SLLI: shiftImm(inst, LSHL); return false;
                case Opcodes.SRLI: shiftImm(inst, LUSHR); return false;
                case Opcodes.SRAI: shiftImm(inst, LSHR); return false;
                case Opcodes.ADD: binary(inst, LADD); return false;
                case Opcodes.SUB: binary(inst, LSUB); return false;
                case Opcodes.XOR: binary(inst, LXOR); return false;
                case Opcodes.OR: binary(inst, LOR); return false;
                case Opcodes.AND: binary(inst, LAND); return false;
                case Opcodes.MUL: binary(inst, LMUL); return false;
                case Opcodes.SLL: shiftReg(inst, LSHL); return false;
                case Opcodes.SRL: shiftReg(inst, LUSHR); return false;
                case Opcodes.SRA: shiftReg(inst, LSHR); return false;
                case Opcodes.SLT:
                    get(rs1(inst));
                    get(rs2(inst));
                    mv.visitInsn(LCMP);
                    cmpToLong(IFLT);
                    set(rd(inst));
                    return false;
                case Opcodes.SLTU:
                    ltu(rs1(inst), rs2(inst));
                    set(rd(inst));
                    return false;
                case Opcodes.ADDIW: wordImm(inst, IADD); return false;
                case Opcodes.SLLIW: wordImm(inst, ISHL); return false;
                case Opcodes.SRLIW: wordImm(inst, IUSHR); return false;
                case Opcodes.SRAIW: wordImm(inst, ISHR); return false;
                case Opcodes.ADDW: word(inst, IADD); return false;
                case Opcodes.SUBW: word(inst, ISUB); return false;
                case Opcodes.SLLW: word(inst, ISHL); return false;
                case Opcodes.SRLW: word(inst, IUSHR); return false;
                case Opcodes.SRAW: word(inst, ISHR); return false;
                case Opcodes.MULW: word(inst, IMUL); return false;
                case Opcodes.MULH: call2(inst, "java/lang/Math", "multiplyHigh"); return false;
                case Opcodes.MULHU: call2(inst, ARITH, "mulhu"); return false;
                case Opcodes.MULHSU: call2(inst, ARITH, "mulhsu"); return false;
                case Opcodes.DIV: call2(inst, ARITH, "div"); return false;
                case Opcodes.DIVU: call2(inst, ARITH, "divu"); return false;
                case Opcodes.REM: call2(inst, ARITH, "rem"); return false;
                case Opcodes.REMU: call2(inst, ARITH, "remu"); return false;
                case Opcodes.DIVW: call2(inst, ARITH, "divw"); return false;
                case Opcodes.DIVUW: call2(inst, ARITH, "divuw"); return false;
                case Opcodes.REMW: call2(inst, ARITH, "remw"); return false;
                case Opcodes.REMUW: call2(inst, ARITH, "remuw"); return false;

                case Opcodes.LB_VERSION1: load(inst, itemPc, 1, false, "ld8s"); return false;
                case Opcodes.LH_VERSION1: load(inst, itemPc, 2, false, "ld16s"); return false;
                case Opcodes.LW_VERSION1: load(inst, itemPc, 4, false, "ld32s"); return false;
                case Opcodes.LD_VERSION1: load(inst, itemPc, 8, false, "ld64"); return false;
                case Opcodes.LBU_VERSION1: load(inst, itemPc, 1, false, "ld8u"); return false;
                case Opcodes.LHU_VERSION1: load(inst, itemPc, 2, false, "ld16u"); return false;
                case Opcodes.LWU_VERSION1: load(inst, itemPc, 4, false, "ld32u"); return false;
                case Opcodes.LB_VERSION0: load(inst, itemPc, 1, true, "ld8s"); return false;
                case Opcodes.LH_VERSION0: load(inst, itemPc, 2, true, "ld16s"); return false;
                case Opcodes.LW_VERSION0: load(inst, itemPc, 4, true, "ld32s"); return false;
                case Opcodes.LD_VERSION0: load(inst, itemPc, 8, true, "ld64"); return false;
                case Opcodes.LBU_VERSION0: load(inst, itemPc, 1, true, "ld8u"); return false;
                case Opcodes.LHU_VERSION0: load(inst, itemPc, 2, true, "ld16u"); return false;
                case Opcodes.LWU_VERSION0: load(inst, itemPc, 4, true, "ld32u"); return false;
                case Opcodes.SB: store(inst, itemPc, 1, "st8", "store8"); return false;
                case Opcodes.SH: store(inst, itemPc, 2, "st16", "store16"); return false;
                case Opcodes.SW: store(inst, itemPc, 4, "st32", "store32"); return false;
                case Opcodes.SD: store(inst, itemPc, 8, "st64", "store64"); return false;

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
                case Opcodes.BEQ: branch(inst, itemPc, fallThrough, IFEQ, false); return true;
                case Opcodes.BNE: branch(inst, itemPc, fallThrough, IFNE, false); return true;
                case Opcodes.BLT: branch(inst, itemPc, fallThrough, IFLT, false); return true;
                case Opcodes.BGE: branch(inst, itemPc, fallThrough, IFGE, false); return true;
                case Opcodes.BLTU: branch(inst, itemPc, fallThrough, IFLT, true); return true;
                case Opcodes.BGEU: branch(inst, itemPc, fallThrough, IFGE, true); return true;

                case Opcodes.WIDE_MUL: wide(inst, "java/lang/Math", "multiplyHigh", null); return false;
                case Opcodes.WIDE_MULU: wide(inst, ARITH, "mulhu", null); return false;
                case Opcodes.WIDE_MULSU: wide(inst, ARITH, "mulhsu", null); return false;
                case Opcodes.WIDE_DIV: wide(inst, ARITH, "div", "rem"); return false;
                case Opcodes.WIDE_DIVU: wide(inst, ARITH, "divu", "remu"); return false;
                case Opcodes.ADC: case Opcodes.SBB: case Opcodes.ADCS: case Opcodes.SBBS:
                case Opcodes.ADD3A: case Opcodes.ADD3B: case Opcodes.ADD3C:
                    carry(inst);
                    return false;
                default:
                    if (Lowering.isB(inst)) {
                        bitManipulation(inst);
                        return false;
                    }
                    throw new IllegalArgumentException("cannot translate " + Opcodes.name(op));
            }
        }

        /** FusedOps.wide: both results from the original operands, then rd, then rs3. */
        private void wide(long inst, String owner, String high, String low) {
            get(rs1(inst));
            get(rs2(inst));
            mv.visitMethodInsn(INVOKESTATIC, owner, high, "(JJ)J", false);
            mv.visitVarInsn(LSTORE, TMPA);
            get(rs1(inst));
            get(rs2(inst));
            if (low == null) {
                mv.visitInsn(LMUL);
            } else {
                mv.visitMethodInsn(INVOKESTATIC, ARITH, low, "(JJ)J", false);
            }
            mv.visitVarInsn(LSTORE, TMPB);
            mv.visitVarInsn(LLOAD, TMPA);
            set(rd(inst));
            mv.visitVarInsn(LLOAD, TMPB);
            set(rs3(inst));
        }

        private void add(int dst, int a, int b) {
            get(a);
            get(b);
            mv.visitInsn(LADD);
            set(dst);
        }

        private void sub(int dst, int a, int b) {
            get(a);
            get(b);
            mv.visitInsn(LSUB);
            set(dst);
        }

        private void sltu(int dst, int a, int b) {
            ltu(a, b);
            set(dst);
        }

        private void or(int dst, int a, int b) {
            get(a);
            get(b);
            mv.visitInsn(LOR);
            set(dst);
        }

        /** FusedOps.carry: every register write of the fused sequence, in order. */
        private void carry(long inst) {
            int r0 = rd(inst);
            int r1 = rs1(inst);
            int r2 = rs2(inst);
            int r3 = rs3(inst);
            switch (opcode(inst)) {
                case Opcodes.ADC:
                    add(r0, r0, r1);
                    sltu(r1, r0, r1);
                    add(r0, r0, r2);
                    sltu(r2, r0, r2);
                    or(r1, r1, r2);
                    break;
                case Opcodes.SBB:
                    sub(r1, r0, r1);
                    sltu(r3, r0, r1);
                    sub(r0, r1, r2);
                    sltu(r2, r1, r0);
                    or(r1, r2, r3);
                    break;
                case Opcodes.ADCS:
                    add(r0, r1, r2);
                    sltu(r3, r0, r1);
                    break;
                case Opcodes.SBBS:
                    sub(r0, r1, r2);
                    sltu(r3, r1, r2);
                    break;
                case Opcodes.ADD3A:
                    add(r0, r1, r0);
                    sltu(r2, r0, r1);
                    add(r3, r2, rs4(inst));
                    break;
                case Opcodes.ADD3B:
                    add(r0, r1, r2);
                    sltu(r1, r0, r1);
                    add(r3, r1, rs4(inst));
                    break;
                case Opcodes.ADD3C:
                    add(r0, r1, r2);
                    sltu(r3, r0, r1);
                    add(r3, r3, rs4(inst));
                    break;
                default:
                    throw new IllegalArgumentException(Opcodes.name(opcode(inst)));
            }
        }

        /** BitManipulation.execute, with a = rs1, b = rs2, shamt = imm. */
        private void bitManipulation(long inst) {
            int a = rs1(inst);
            int b = rs2(inst);
            int shamt = imm(inst);
            switch (opcode(inst)) {
                case Opcodes.ADD_UW:
                    get(b);
                    get(a);
                    pushLong(0xffff_ffffL);
                    mv.visitInsn(LAND);
                    mv.visitInsn(LADD);
                    break;
                case Opcodes.SH1ADD: case Opcodes.SH2ADD: case Opcodes.SH3ADD: {
                    int n = opcode(inst) == Opcodes.SH1ADD ? 1 : opcode(inst) == Opcodes.SH2ADD ? 2 : 3;
                    get(b);
                    get(a);
                    pushInt(mv, n);
                    mv.visitInsn(LSHL);
                    mv.visitInsn(LADD);
                    break;
                }
                case Opcodes.SH1ADD_UW: case Opcodes.SH2ADD_UW: case Opcodes.SH3ADD_UW: {
                    int n = opcode(inst) == Opcodes.SH1ADD_UW ? 1 : opcode(inst) == Opcodes.SH2ADD_UW ? 2 : 3;
                    get(b);
                    get(a);
                    pushLong(0xffff_ffffL);
                    mv.visitInsn(LAND);
                    pushInt(mv, n);
                    mv.visitInsn(LSHL);
                    mv.visitInsn(LADD);
                    break;
                }
                case Opcodes.SLLI_UW:
                    get(a);
                    pushLong(0xffff_ffffL);
                    mv.visitInsn(LAND);
                    pushInt(mv, shamt & 63);
                    mv.visitInsn(LSHL);
                    break;
                case Opcodes.ANDN:
                    get(a);
                    get(b);
                    pushLong(-1L);
                    mv.visitInsn(LXOR);
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.ORN:
                    get(a);
                    get(b);
                    pushLong(-1L);
                    mv.visitInsn(LXOR);
                    mv.visitInsn(LOR);
                    break;
                case Opcodes.XNOR:
                    get(a);
                    get(b);
                    pushLong(-1L);
                    mv.visitInsn(LXOR);
                    mv.visitInsn(LXOR);
                    break;
                case Opcodes.CLZ: unaryInt(a, false, "java/lang/Long", "numberOfLeadingZeros", "(J)I"); break;
                case Opcodes.CLZW: unaryInt(a, true, "java/lang/Integer", "numberOfLeadingZeros", "(I)I"); break;
                case Opcodes.CTZ: unaryInt(a, false, "java/lang/Long", "numberOfTrailingZeros", "(J)I"); break;
                case Opcodes.CTZW: unaryInt(a, true, "java/lang/Integer", "numberOfTrailingZeros", "(I)I"); break;
                case Opcodes.CPOP: unaryInt(a, false, "java/lang/Long", "bitCount", "(J)I"); break;
                case Opcodes.CPOPW: unaryInt(a, true, "java/lang/Integer", "bitCount", "(I)I"); break;
                case Opcodes.MAX: twoCall(a, b, "java/lang/Math", "max"); break;
                case Opcodes.MIN: twoCall(a, b, "java/lang/Math", "min"); break;
                case Opcodes.MAXU: twoCall(a, b, RUNTIME, "maxu"); break;
                case Opcodes.MINU: twoCall(a, b, RUNTIME, "minu"); break;
                case Opcodes.SEXT_B:
                    get(a);
                    mv.visitInsn(L2I);
                    mv.visitInsn(I2B);
                    mv.visitInsn(I2L);
                    break;
                case Opcodes.SEXT_H:
                    get(a);
                    mv.visitInsn(L2I);
                    mv.visitInsn(I2S);
                    mv.visitInsn(I2L);
                    break;
                case Opcodes.ZEXT_H:
                    get(a);
                    pushLong(0xffffL);
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.ROL: rotate(a, b, "rotateLeft"); break;
                case Opcodes.ROR: rotate(a, b, "rotateRight"); break;
                case Opcodes.RORI:
                    get(a);
                    pushInt(mv, shamt);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateRight", "(JI)J", false);
                    break;
                case Opcodes.ROLW: rotateWord(a, b, "rotateLeft"); break;
                case Opcodes.RORW: rotateWord(a, b, "rotateRight"); break;
                case Opcodes.RORIW:
                    get(a);
                    mv.visitInsn(L2I);
                    pushInt(mv, shamt);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                    mv.visitInsn(I2L);
                    break;
                case Opcodes.ORC_B:
                    get(a);
                    mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "orcb", "(J)J", false);
                    break;
                case Opcodes.REV8:
                    get(a);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "reverseBytes", "(J)J", false);
                    break;
                case Opcodes.CLMUL: twoCall(a, b, RUNTIME, "clmul"); break;
                case Opcodes.CLMULH: twoCall(a, b, RUNTIME, "clmulh"); break;
                case Opcodes.CLMULR: twoCall(a, b, RUNTIME, "clmulr"); break;
                case Opcodes.BCLR:
                    get(a);
                    bit(b);
                    pushLong(-1L);
                    mv.visitInsn(LXOR);
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.BCLRI:
                    get(a);
                    pushLong(~(1L << shamt));
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.BEXT:
                    get(a);
                    get(b);
                    mv.visitInsn(L2I);
                    mv.visitInsn(LUSHR);
                    pushLong(1L);
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.BEXTI:
                    get(a);
                    pushInt(mv, shamt);
                    mv.visitInsn(LUSHR);
                    pushLong(1L);
                    mv.visitInsn(LAND);
                    break;
                case Opcodes.BINV:
                    get(a);
                    bit(b);
                    mv.visitInsn(LXOR);
                    break;
                case Opcodes.BINVI:
                    get(a);
                    pushLong(1L << shamt);
                    mv.visitInsn(LXOR);
                    break;
                case Opcodes.BSET:
                    get(a);
                    bit(b);
                    mv.visitInsn(LOR);
                    break;
                case Opcodes.BSETI:
                    get(a);
                    pushLong(1L << shamt);
                    mv.visitInsn(LOR);
                    break;
                default:
                    throw new IllegalArgumentException(Opcodes.name(opcode(inst)));
            }
            set(rd(inst));
        }

        /** Pushes 1L << (register b). */
        private void bit(int b) {
            pushLong(1L);
            get(b);
            mv.visitInsn(L2I);
            mv.visitInsn(LSHL);
        }

        private void unaryInt(int a, boolean word, String owner, String name, String desc) {
            get(a);
            if (word) {
                mv.visitInsn(L2I);
            }
            mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
            mv.visitInsn(I2L);
        }

        private void twoCall(int a, int b, String owner, String name) {
            get(a);
            get(b);
            mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
        }

        private void rotate(int a, int b, String name) {
            get(a);
            get(b);
            mv.visitInsn(L2I);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", name, "(JI)J", false);
        }

        private void rotateWord(int a, int b, String name) {
            get(a);
            mv.visitInsn(L2I);
            get(b);
            mv.visitInsn(L2I);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", name, "(II)I", false);
            mv.visitInsn(I2L);
        }
    }
}
