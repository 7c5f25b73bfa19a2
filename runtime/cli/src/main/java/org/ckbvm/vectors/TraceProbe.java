package org.ckbvm.vectors;

import org.ckbvm.error.VmException;
import org.ckbvm.isa.InstructionDecoder;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MacroOpFusion;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.isa.RawInstructionSource;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

/**
 * Predicts the trace the machine will enter at its current pc (CKB-VM's assembly machine: up to
 * 16 decoded, possibly fused items, ending at the first block-end opcode, charged in full at
 * entry), using only the public decoder, fusion and cost functions.
 *
 * <p>Only the generator uses it, to choose budgets that stop exactly before or after a trace of
 * interest. It ignores the trace cache (a trace cached for another pc with the same low 32 bits
 * runs there on versions 0 and 1), so a prediction can in principle be wrong; that only makes a
 * budget less awkward, never a vector wrong, because every expected outcome is observed on the
 * real machine.
 *
 * @param cycles cycles the trace is charged
 * @param fused  whether it contains a macro-op fused item
 * @param ecall  whether it ends in ECALL
 */
record TraceProbe(long cycles, boolean fused, boolean ecall) {
    private static final int MAX_ITEMS = 16;
    private static final int PAGE_MASK = Memory.PAGE_SIZE - 1;

    /** The trace at the machine's pc, or {@code null} if its first item does not decode. */
    static TraceProbe at(Machine machine) {
        MachineConfig config = machine.config();
        Memory memory = machine.memory();
        boolean mop = IsaFlags.has(config.isa(), IsaFlags.MOP);
        RawInstructionSource raw = pc -> decodeRaw(memory, pc, config);
        long pc = machine.pc();
        long cycles = 0;
        boolean fused = false;
        for (int n = 0; n < MAX_ITEMS; n++) {
            long inst = raw.rawAt(pc);
            if (inst == InstructionDecoder.INVALID) {
                return n == 0 ? null : new TraceProbe(cycles, fused, false);
            }
            if (mop) {
                inst = MacroOpFusion.fuse(inst, pc, raw, config.rules());
            }
            int opcode = PackedInstruction.opcode(inst);
            cycles += config.costModel().cycles(opcode);
            fused |= Opcodes.partCount(opcode) > 1;
            pc += PackedInstruction.length(inst);
            if (Opcodes.isBlockEnd(opcode)) {
                return new TraceProbe(cycles, fused, opcode == Opcodes.ECALL);
            }
        }
        return new TraceProbe(cycles, fused, false);
    }

    /** CKB-VM {@code decode_bits} + the raw decoder, or INVALID for anything that would fail. */
    private static long decodeRaw(Memory memory, long pc, MachineConfig config) {
        if (Long.compareUnsigned(pc, memory.size()) >= 0) {
            return InstructionDecoder.INVALID;
        }
        try {
            int bits;
            if ((pc & PAGE_MASK) < PAGE_MASK - 1) {
                bits = memory.fetch32(pc);
                bits = (bits & 3) == 3 ? bits : bits & 0xffff;
            } else {
                bits = memory.fetch16(pc);
                if ((bits & 3) == 3) {
                    bits |= memory.fetch16(pc + 2) << 16;
                }
            }
            return InstructionDecoder.decode(bits, config.rules(), config.isa());
        } catch (VmException e) {
            return InstructionDecoder.INVALID;
        }
    }
}
