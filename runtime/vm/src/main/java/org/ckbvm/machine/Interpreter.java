package org.ckbvm.machine;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.isa.semantics.AtomicOps;
import org.ckbvm.isa.semantics.BitManipulationOps;
import org.ckbvm.isa.semantics.ControlOps;
import org.ckbvm.isa.semantics.FusedOps;
import org.ckbvm.isa.semantics.IntegerOps;
import org.ckbvm.isa.semantics.MemoryOps;
import org.ckbvm.isa.semantics.MultiplyOps;
import org.ckbvm.memory.Memory;

/**
 * The reference interpreter: runs one trace's items with a switch over their opcodes. The switch
 * is only the dispatch; what each operation computes is the instruction table
 * ({@link org.ckbvm.isa.semantics}), which HotSpot inlines here. One per machine, holding the
 * machine's register file, memory and trace items in final fields.
 */
final class Interpreter {
    private static final int RA = 1;

    private final Machine machine;
    private final long[] regs;
    private final Memory memory;
    private final long[] items;

    Interpreter(Machine machine) {
        this.machine = machine;
        this.regs = machine.regs;
        this.memory = machine.memory;
        this.items = machine.traces.items;
    }

    /**
     * Executes the items of one trace starting at {@code start} and returns the next pc. Only the
     * last item can transfer control, so items before it never touch pc. As in the assembly
     * machine, the pc after the trace is {@code start + traceLength} with the u8 length of
     * {@link TraceCache#asmLength}, and the last item takes its own address (for AUIPC, jump and
     * branch targets) as that pc minus its length: 256 bytes short when the length wrapped.
     *
     * <p>A fault leaves pc there too, at {@code start + traceLength}, whichever item faulted:
     * the assembly machine moves pc past the trace when it enters it ({@code execute_x64.S},
     * {@code addq %rdx, PC_ADDRESS}) and an item's error does not move it back (v0.24.12,
     * compared with its runner: a load fault in a trace's first item reports the trace's end).
     * A syscall runs with that pc too, and its error leaves the pc its handler left.
     */
    long executeTrace(int slot, long start, int count, int traceLength) {
        final long[] r = regs;
        final long[] code = items;
        final int base = slot * TraceCache.MAX_ITEMS;
        final int end = base + count;
        final long fallThrough = start + traceLength;
        int i = base;
        try {
            for (; i < end; i++) {
                final long inst = code[i];
                switch ((int) inst & 0xff) {
                    case Opcodes.NOP:
                    case Opcodes.FENCE:
                    case Opcodes.FENCEI:
                    case Opcodes.EBREAK:
                        break;

                    // ---- RV64I arithmetic ----
                    case Opcodes.LUI:
                    case Opcodes.CUSTOM_LOAD_IMM:
                        r[rd(inst)] = IntegerOps.lui(imm(inst));
                        break;
                    case Opcodes.AUIPC:
                        r[rd(inst)] = IntegerOps.auipc(fallThrough - length(inst), imm(inst));
                        break;
                    case Opcodes.ADDI:
                        r[rd(inst)] = IntegerOps.add(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SLTI:
                        r[rd(inst)] = IntegerOps.slt(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SLTIU:
                        r[rd(inst)] = IntegerOps.sltu(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.XORI:
                        r[rd(inst)] = IntegerOps.xor(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.ORI:
                        r[rd(inst)] = IntegerOps.or(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.ANDI:
                        r[rd(inst)] = IntegerOps.and(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SLLI:
                        r[rd(inst)] = IntegerOps.sll(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SRLI:
                        r[rd(inst)] = IntegerOps.srl(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SRAI:
                        r[rd(inst)] = IntegerOps.sra(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.ADD:
                        r[rd(inst)] = IntegerOps.add(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SUB:
                        r[rd(inst)] = IntegerOps.sub(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SLL:
                        r[rd(inst)] = IntegerOps.sll(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SLT:
                        r[rd(inst)] = IntegerOps.slt(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SLTU:
                        r[rd(inst)] = IntegerOps.sltu(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.XOR:
                        r[rd(inst)] = IntegerOps.xor(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SRL:
                        r[rd(inst)] = IntegerOps.srl(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SRA:
                        r[rd(inst)] = IntegerOps.sra(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.OR:
                        r[rd(inst)] = IntegerOps.or(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.AND:
                        r[rd(inst)] = IntegerOps.and(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.ADDIW:
                        r[rd(inst)] = IntegerOps.addw(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SLLIW:
                        r[rd(inst)] = IntegerOps.sllw(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SRLIW:
                        r[rd(inst)] = IntegerOps.srlw(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.SRAIW:
                        r[rd(inst)] = IntegerOps.sraw(r[rs1(inst)], imm(inst));
                        break;
                    case Opcodes.ADDW:
                        r[rd(inst)] = IntegerOps.addw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SUBW:
                        r[rd(inst)] = IntegerOps.subw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SLLW:
                        r[rd(inst)] = IntegerOps.sllw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SRLW:
                        r[rd(inst)] = IntegerOps.srlw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.SRAW:
                        r[rd(inst)] = IntegerOps.sraw(r[rs1(inst)], r[rs2(inst)]);
                        break;

                    // ---- loads (version 1+ bounds; version 0 refuses ending exactly at the end) ----
                    case Opcodes.LB_VERSION1:
                        load(inst, MemoryOps.lb(memory.load8(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LH_VERSION1:
                        load(inst, MemoryOps.lh(memory.load16(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LW_VERSION1:
                        load(inst, MemoryOps.lw(memory.load32(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LD_VERSION1:
                        load(inst, memory.load64(MemoryOps.address(r[rs1(inst)], imm(inst))));
                        break;
                    case Opcodes.LBU_VERSION1:
                        load(inst, MemoryOps.lbu(memory.load8(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LHU_VERSION1:
                        load(inst, MemoryOps.lhu(memory.load16(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LWU_VERSION1:
                        load(inst, MemoryOps.lwu(memory.load32(MemoryOps.address(r[rs1(inst)], imm(inst)))));
                        break;
                    case Opcodes.LB_VERSION0:
                        load(inst, MemoryOps.lb(memory.load8(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 1))));
                        break;
                    case Opcodes.LH_VERSION0:
                        load(inst, MemoryOps.lh(memory.load16(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 2))));
                        break;
                    case Opcodes.LW_VERSION0:
                        load(inst, MemoryOps.lw(memory.load32(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 4))));
                        break;
                    case Opcodes.LD_VERSION0:
                        load(inst, memory.load64(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 8)));
                        break;
                    case Opcodes.LBU_VERSION0:
                        load(inst, MemoryOps.lbu(memory.load8(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 1))));
                        break;
                    case Opcodes.LHU_VERSION0:
                        load(inst, MemoryOps.lhu(memory.load16(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 2))));
                        break;
                    case Opcodes.LWU_VERSION0:
                        load(inst, MemoryOps.lwu(memory.load32(checkLoadVersion0(MemoryOps.address(r[rs1(inst)], imm(inst)), 4))));
                        break;

                    // ---- stores ----
                    case Opcodes.SB:
                        memory.store8(MemoryOps.address(r[rs1(inst)], imm(inst)), r[rs2(inst)]);
                        break;
                    case Opcodes.SH:
                        memory.store16(MemoryOps.address(r[rs1(inst)], imm(inst)), r[rs2(inst)]);
                        break;
                    case Opcodes.SW:
                        memory.store32(MemoryOps.address(r[rs1(inst)], imm(inst)), r[rs2(inst)]);
                        break;
                    case Opcodes.SD:
                        memory.store64(MemoryOps.address(r[rs1(inst)], imm(inst)), r[rs2(inst)]);
                        break;

                    // ---- control transfer: always the last item of a trace ----
                    case Opcodes.JAL: {
                        long here = fallThrough - length(inst);
                        if (rd(inst) != 0) {
                            r[rd(inst)] = fallThrough;
                        }
                        return ControlOps.relativeTarget(here, imm(inst));
                    }
                    case Opcodes.JALR_VERSION0: {
                        // V0 writes rd before computing the target (ckb-vm issue #92)
                        if (rd(inst) != 0) {
                            r[rd(inst)] = fallThrough;
                        }
                        return ControlOps.jalrTarget(r[rs1(inst)], imm(inst));
                    }
                    case Opcodes.JALR_VERSION1: {
                        long target = ControlOps.jalrTarget(r[rs1(inst)], imm(inst));
                        if (rd(inst) != 0) {
                            r[rd(inst)] = fallThrough;
                        }
                        return target;
                    }
                    case Opcodes.FAR_JUMP_REL: {
                        long target = ControlOps.farJumpRelTarget(fallThrough - length(inst), imm(inst));
                        r[RA] = fallThrough; // the far jumps link into ra
                        return target;
                    }
                    case Opcodes.FAR_JUMP_ABS:
                        r[RA] = fallThrough; // the far jumps link into ra
                        return ControlOps.farJumpAbsTarget(imm(inst));
                    case Opcodes.BEQ:
                        return ControlOps.beq(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.BNE:
                        return ControlOps.bne(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.BLT:
                        return ControlOps.blt(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.BGE:
                        return ControlOps.bge(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.BLTU:
                        return ControlOps.bltu(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.BGEU:
                        return ControlOps.bgeu(r[rs1(inst)], r[rs2(inst)])
                                ? ControlOps.relativeTarget(fallThrough - length(inst), imm(inst)) : fallThrough;
                    case Opcodes.ECALL:
                        machine.pc = fallThrough;
                        return machine.ecall(fallThrough);

                    // ---- M ----
                    case Opcodes.MUL:
                        r[rd(inst)] = MultiplyOps.mul(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.MULW:
                        r[rd(inst)] = MultiplyOps.mulw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.MULH:
                        r[rd(inst)] = MultiplyOps.mulh(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.MULHU:
                        r[rd(inst)] = MultiplyOps.mulhu(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.MULHSU:
                        r[rd(inst)] = MultiplyOps.mulhsu(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.DIV:
                        r[rd(inst)] = MultiplyOps.div(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.DIVU:
                        r[rd(inst)] = MultiplyOps.divu(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.REM:
                        r[rd(inst)] = MultiplyOps.rem(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.REMU:
                        r[rd(inst)] = MultiplyOps.remu(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.DIVW:
                        r[rd(inst)] = MultiplyOps.divw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.DIVUW:
                        r[rd(inst)] = MultiplyOps.divuw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.REMW:
                        r[rd(inst)] = MultiplyOps.remw(r[rs1(inst)], r[rs2(inst)]);
                        break;
                    case Opcodes.REMUW:
                        r[rd(inst)] = MultiplyOps.remuw(r[rs1(inst)], r[rs2(inst)]);
                        break;

                    // ---- fused ----
                    case Opcodes.WIDE_MUL:
                    case Opcodes.WIDE_MULU:
                    case Opcodes.WIDE_MULSU:
                    case Opcodes.WIDE_DIV:
                    case Opcodes.WIDE_DIVU:
                        FusedOps.wide(r, inst);
                        break;
                    case Opcodes.ADC:
                    case Opcodes.SBB:
                    case Opcodes.ADCS:
                    case Opcodes.SBBS:
                    case Opcodes.ADD3A:
                    case Opcodes.ADD3B:
                    case Opcodes.ADD3C:
                        FusedOps.carry(r, inst);
                        break;

                    default:
                        if (Lowering.isB(inst)) {
                            r[rd(inst)] = bitManipulation(inst, r[rs1(inst)], r[rs2(inst)]);
                        } else {
                            executeAtomic(inst);
                        }
                        break;
                }
            }
            return fallThrough;
        } catch (VmException e) {
            if (PackedInstruction.opcode(code[i]) != Opcodes.ECALL) {
                machine.pc = fallThrough;
            }
            throw e;
        }
    }

    private void load(long inst, long value) {
        int rd = rd(inst);
        if (rd != 0) {
            regs[rd] = value;
        }
    }

    /** The VERSION0 load bound ({@link MemoryOps#version0LoadOutOfBound}), checked before the access. */
    private long checkLoadVersion0(long addr, int width) {
        if (MemoryOps.version0LoadOutOfBound(addr, width, memory.size())) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
        return addr;
    }

    /** The B extension's dispatch: a = rs1, b = rs2, immediate forms take imm as b. */
    private static long bitManipulation(long inst, long a, long b) {
        long shamt = imm(inst);
        switch (PackedInstruction.opcode(inst)) {
            case Opcodes.ADD_UW: return BitManipulationOps.addUw(a, b);
            case Opcodes.SH1ADD: return BitManipulationOps.sh1add(a, b);
            case Opcodes.SH2ADD: return BitManipulationOps.sh2add(a, b);
            case Opcodes.SH3ADD: return BitManipulationOps.sh3add(a, b);
            case Opcodes.SH1ADD_UW: return BitManipulationOps.sh1addUw(a, b);
            case Opcodes.SH2ADD_UW: return BitManipulationOps.sh2addUw(a, b);
            case Opcodes.SH3ADD_UW: return BitManipulationOps.sh3addUw(a, b);
            case Opcodes.SLLI_UW: return BitManipulationOps.slliUw(a, shamt);
            case Opcodes.ANDN: return BitManipulationOps.andn(a, b);
            case Opcodes.ORN: return BitManipulationOps.orn(a, b);
            case Opcodes.XNOR: return BitManipulationOps.xnor(a, b);
            case Opcodes.CLZ: return BitManipulationOps.clz(a);
            case Opcodes.CLZW: return BitManipulationOps.clzw(a);
            case Opcodes.CTZ: return BitManipulationOps.ctz(a);
            case Opcodes.CTZW: return BitManipulationOps.ctzw(a);
            case Opcodes.CPOP: return BitManipulationOps.cpop(a);
            case Opcodes.CPOPW: return BitManipulationOps.cpopw(a);
            case Opcodes.MAX: return BitManipulationOps.max(a, b);
            case Opcodes.MAXU: return BitManipulationOps.maxu(a, b);
            case Opcodes.MIN: return BitManipulationOps.min(a, b);
            case Opcodes.MINU: return BitManipulationOps.minu(a, b);
            case Opcodes.SEXT_B: return BitManipulationOps.sextB(a);
            case Opcodes.SEXT_H: return BitManipulationOps.sextH(a);
            case Opcodes.ZEXT_H: return BitManipulationOps.zextH(a);
            case Opcodes.ROL: return BitManipulationOps.rol(a, b);
            case Opcodes.ROR: return BitManipulationOps.ror(a, b);
            case Opcodes.RORI: return BitManipulationOps.ror(a, shamt);
            case Opcodes.ROLW: return BitManipulationOps.rolw(a, b);
            case Opcodes.RORW: return BitManipulationOps.rorw(a, b);
            case Opcodes.RORIW: return BitManipulationOps.rorw(a, shamt);
            case Opcodes.ORC_B: return BitManipulationOps.orcb(a);
            case Opcodes.REV8: return BitManipulationOps.rev8(a);
            case Opcodes.CLMUL: return BitManipulationOps.clmul(a, b);
            case Opcodes.CLMULH: return BitManipulationOps.clmulh(a, b);
            case Opcodes.CLMULR: return BitManipulationOps.clmulr(a, b);
            case Opcodes.BCLR: return BitManipulationOps.bclr(a, b);
            case Opcodes.BCLRI: return BitManipulationOps.bclr(a, shamt);
            case Opcodes.BEXT: return BitManipulationOps.bext(a, b);
            case Opcodes.BEXTI: return BitManipulationOps.bext(a, shamt);
            case Opcodes.BINV: return BitManipulationOps.binv(a, b);
            case Opcodes.BINVI: return BitManipulationOps.binv(a, shamt);
            case Opcodes.BSET: return BitManipulationOps.bset(a, b);
            case Opcodes.BSETI: return BitManipulationOps.bset(a, shamt);
            default: throw new IllegalArgumentException(Opcodes.name(PackedInstruction.opcode(inst)));
        }
    }

    /** LR/SC/AMO (ckb-vm src/instructions/a.rs); never inside a compiled region. */
    private void executeAtomic(long inst) {
        int op = PackedInstruction.opcode(inst);
        long addr = regs[rs1(inst)];
        long src = regs[rs2(inst)];
        long result;
        switch (op) {
            case Opcodes.LR_W:
                result = MemoryOps.lw(memory.load32(addr));
                machine.setLoadReservation(addr);
                break;
            case Opcodes.LR_D:
                result = memory.load64(addr);
                machine.setLoadReservation(addr);
                break;
            case Opcodes.SC_W:
                // SC always stores: the new value on success, the re-read old value on failure
                if (AtomicOps.scSucceeds(addr, machine.loadReservation())) {
                    memory.store32(addr, src);
                    result = 0;
                } else {
                    memory.store32(addr, memory.load32(addr));
                    result = 1;
                }
                machine.setLoadReservation(Machine.NO_RESERVATION);
                break;
            case Opcodes.SC_D:
                if (AtomicOps.scSucceeds(addr, machine.loadReservation())) {
                    memory.store64(addr, src);
                    result = 0;
                } else {
                    memory.store64(addr, memory.load64(addr));
                    result = 1;
                }
                machine.setLoadReservation(Machine.NO_RESERVATION);
                break;
            default: {
                if (AtomicOps.isAmoWord(op)) {
                    long old = MemoryOps.lw(memory.load32(addr));
                    memory.store32(addr, AtomicOps.amoValue(op, old, MemoryOps.lw(src)));
                    result = old;
                } else if (AtomicOps.isAmoDouble(op)) {
                    long old = memory.load64(addr);
                    memory.store64(addr, AtomicOps.amoValue(op, old, src));
                    result = old;
                } else {
                    throw new VmException(new VmError.Unexpected("unhandled opcode " + Opcodes.name(op)));
                }
            }
        }
        if (rd(inst) != 0) {
            regs[rd(inst)] = result;
        }
    }
}
