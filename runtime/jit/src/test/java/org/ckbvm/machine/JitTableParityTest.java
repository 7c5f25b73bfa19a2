package org.ckbvm.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ckbvm.jit.RegionCompiler;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.junit.jupiter.api.Test;

/**
 * The JIT emits single-bytecode operations (add, xor, shifts, compares, ...) inline rather than
 * calling the instruction table ({@link org.ckbvm.isa.semantics}); this checks that, for every
 * opcode a region can contain, one item translated by {@link RegionCompiler} computes exactly what
 * the interpreter computes with the table: registers, pc, memory and error, on random operands
 * (edge values, aliasing registers, x0, addresses around the end of memory).
 */
class JitTableParityTest {
    private static final long PC = 0x4000;
    private static final long MEMORY = 64 * 1024;
    private static final long[] EDGES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L,
            0xffff_ffffL, 0x7fff_ffffL, -0x8000_0000L, 63, 64, 32};
    private static final int ROUNDS = 40;

    @Test
    void everyTranslatableOpcodeComputesWhatTheTableComputes() throws Throwable {
        Random rnd = new Random(0x13A);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int op = 0; op < Opcodes.COUNT; op++) {
            if (op == Opcodes.ECALL || (op >= Opcodes.LR_W && op <= Opcodes.AMOMAXU_D)) {
                continue; // never inside a region (TraceInfo.compilable)
            }
            for (int round = 0; round < ROUNDS; round++) {
                long inst = Lowering.lower(randomItem(rnd, op));
                String failure = compare(inst, rnd);
                if (failure != null) {
                    failures.add(failure);
                    break;
                }
            }
            checked++;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // every opcode but ECALL and the 22 atomics
        assertTrue(checked == Opcodes.COUNT - 1 - (Opcodes.AMOMAXU_D - Opcodes.LR_W + 1), "opcodes checked: " + checked);
    }

    private static long randomItem(Random rnd, int op) {
        int rd = register(rnd);
        int rs1 = register(rnd);
        int rs2 = register(rnd);
        int rs3 = register(rnd);
        int imm;
        if (op == Opcodes.ADD3A || op == Opcodes.ADD3B || op == Opcodes.ADD3C) {
            imm = register(rnd); // rs4 lives in the immediate field
        } else {
            switch (rnd.nextInt(4)) {
                case 0: imm = rnd.nextInt(64); break;
                case 1: imm = rnd.nextInt(4096) - 2048; break;
                case 2: imm = rnd.nextInt(32); break;
                default: imm = rnd.nextInt() & ~1; break;
            }
        }
        int length = rnd.nextBoolean() ? 4 : 2;
        return PackedInstruction.pack(op, rd, rs1, rs2, rs3, length, imm);
    }

    /** Few registers, so that operands alias each other and x0 often. */
    private static int register(Random rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(32) : rnd.nextInt(5);
    }

    private static long value(Random rnd) {
        switch (rnd.nextInt(3)) {
            case 0: return EDGES[rnd.nextInt(EDGES.length)];
            case 1: return rnd.nextInt(200) - 100;
            default: return rnd.nextLong();
        }
    }

    private static String compare(long inst, Random rnd) throws Throwable {
        long[] regs = new long[32];
        for (int i = 1; i < 32; i++) {
            regs[i] = value(rnd);
        }
        int op = PackedInstruction.opcode(inst);
        if (isMemory(op)) {
            // aim at memory, often at its very end (the version 0 bound) and sometimes past it
            long address = rnd.nextBoolean() ? MEMORY - 1 - rnd.nextInt(10) : rnd.nextInt((int) MEMORY + 16);
            regs[PackedInstruction.rs1(inst)] = address - PackedInstruction.imm(inst);
            regs[0] = 0;
        }
        byte[] content = new byte[(int) MEMORY];
        rnd.nextBytes(content);

        Machine jit = machine(regs, content);
        Machine interp = machine(regs, content);
        int length = PackedInstruction.length(inst);
        TraceInfo trace = new TraceInfo(PC, new long[] {inst}, length, 1, 1, 0, 1);

        // a jump back to PC re-enters the region: one cycle of budget stops it at the second entry
        jit.setMaxCycles(1);
        String jitError = null;
        try {
            RegionCompiler.translate(List.of(trace)).run(jit);
        } catch (VmException e) {
            jitError = e.error().toString();
        }

        String interpError = null;
        int slot = TraceCache.slot(PC);
        interp.traces.items[slot * TraceCache.MAX_ITEMS] = inst;
        try {
            interp.pc = interp.interpreter.executeTrace(slot, PC, 1, length);
        } catch (VmException e) {
            interpError = e.error().toString();
        }

        String what = PackedInstruction.describe(inst) + " regs " + Arrays.toString(regs);
        if (!String.valueOf(jitError).equals(String.valueOf(interpError))) {
            return what + ": error " + jitError + " (JIT) vs " + interpError + " (table)";
        }
        if (!Arrays.equals(jit.regs, interp.regs)) {
            return what + ": registers " + Arrays.toString(jit.regs) + " (JIT) vs " + Arrays.toString(interp.regs);
        }
        if (jit.pc != interp.pc) {
            return what + ": pc " + Long.toHexString(jit.pc) + " (JIT) vs " + Long.toHexString(interp.pc);
        }
        if (!Arrays.equals(jit.memory.rawBytes(), interp.memory.rawBytes())) {
            return what + ": memory differs";
        }
        return null;
    }

    private static boolean isMemory(int op) {
        return (op >= Opcodes.LB_VERSION0 && op <= Opcodes.LWU_VERSION1) || (op >= Opcodes.SB && op <= Opcodes.SD);
    }

    private static Machine machine(long[] regs, byte[] content) {
        Machine m = new Machine(new MachineConfig(2, IsaFlags.parse("all"), CostModel.CKB, MEMORY));
        m.setEngine(Engine.INTERP);
        m.memory().storeBytes(0, content, 0, content.length);
        System.arraycopy(regs, 0, m.regs, 0, 32);
        m.setPc(PC);
        return m;
    }
}
