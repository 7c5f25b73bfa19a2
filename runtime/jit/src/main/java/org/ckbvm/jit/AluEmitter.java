package org.ckbvm.jit;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;
import static org.ckbvm.isa.PackedInstruction.rs3;
import static org.ckbvm.isa.PackedInstruction.rs4;
import static org.objectweb.asm.Opcodes.*;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.machine.Lowering;

/**
 * Emits the items that only compute registers: RV64I and M arithmetic, the B extension and the
 * fused carry/wide macro-ops. Operations that are one JVM instruction (add, xor, shifts, ...) or one
 * HotSpot intrinsic (MULH: {@code Math.multiplyHigh}) are emitted inline; every other one is an
 * {@code INVOKESTATIC} to the instruction table
 * ({@link org.ckbvm.isa.semantics}), which HotSpot inlines. {@code JitTableParityTest} checks every
 * opcode against the table.
 */
abstract class AluEmitter extends JitEmitter {

    /** Emits an arithmetic item; {@code fallThrough} is the pc after its trace (for AUIPC). */
    void arithmetic(long inst, long fallThrough) {
        int op = opcode(inst);
        switch (op) {
            case Opcodes.LUI:
            case Opcodes.CUSTOM_LOAD_IMM:
                pushLong(imm(inst));
                set(rd(inst));
                return;
            case Opcodes.AUIPC:
                pushLong(controlPc(inst, fallThrough) + imm(inst));
                set(rd(inst));
                return;
            case Opcodes.ADDI: immediate(inst, LADD); return;
            case Opcodes.XORI: immediate(inst, LXOR); return;
            case Opcodes.ORI: immediate(inst, LOR); return;
            case Opcodes.ANDI: immediate(inst, LAND); return;
            case Opcodes.SLTI:
                get(rs1(inst));
                pushLong(imm(inst));
                mv.visitInsn(LCMP);
                lessThanToLong();
                set(rd(inst));
                return;
            case Opcodes.SLTIU:
                getFlipped(rs1(inst));
                pushLong((long) imm(inst) ^ MIN);
                mv.visitInsn(LCMP);
                lessThanToLong();
                set(rd(inst));
                return;
            case Opcodes.SLLI: shiftImm(inst, LSHL); return;
            case Opcodes.SRLI: shiftImm(inst, LUSHR); return;
            case Opcodes.SRAI: shiftImm(inst, LSHR); return;
            case Opcodes.ADD: binary(inst, LADD); return;
            case Opcodes.SUB: binary(inst, LSUB); return;
            case Opcodes.XOR: binary(inst, LXOR); return;
            case Opcodes.OR: binary(inst, LOR); return;
            case Opcodes.AND: binary(inst, LAND); return;
            case Opcodes.MUL: binary(inst, LMUL); return;
            case Opcodes.SLL: shiftReg(inst, LSHL); return;
            case Opcodes.SRL: shiftReg(inst, LUSHR); return;
            case Opcodes.SRA: shiftReg(inst, LSHR); return;
            case Opcodes.SLT:
                get(rs1(inst));
                get(rs2(inst));
                mv.visitInsn(LCMP);
                lessThanToLong();
                set(rd(inst));
                return;
            case Opcodes.SLTU:
                ltu(rs1(inst), rs2(inst));
                set(rd(inst));
                return;
            case Opcodes.ADDIW: wordImm(inst, IADD); return;
            case Opcodes.SLLIW: wordImm(inst, ISHL); return;
            case Opcodes.SRLIW: wordImm(inst, IUSHR); return;
            case Opcodes.SRAIW: wordImm(inst, ISHR); return;
            case Opcodes.ADDW: word(inst, IADD); return;
            case Opcodes.SUBW: word(inst, ISUB); return;
            case Opcodes.SLLW: word(inst, ISHL); return;
            case Opcodes.SRLW: word(inst, IUSHR); return;
            case Opcodes.SRAW: word(inst, ISHR); return;
            case Opcodes.MULW: word(inst, IMUL); return;
            // MultiplyOps.mulh is Math.multiplyHigh, a HotSpot intrinsic even where a region is too big to inline more
            case Opcodes.MULH: call2(inst, "java/lang/Math", "multiplyHigh"); return;
            case Opcodes.MULHU: call2(inst, MULTIPLY, "mulhu"); return;
            case Opcodes.MULHSU: call2(inst, MULTIPLY, "mulhsu"); return;
            case Opcodes.DIV: call2(inst, MULTIPLY, "div"); return;
            case Opcodes.DIVU: call2(inst, MULTIPLY, "divu"); return;
            case Opcodes.REM: call2(inst, MULTIPLY, "rem"); return;
            case Opcodes.REMU: call2(inst, MULTIPLY, "remu"); return;
            case Opcodes.DIVW: call2(inst, MULTIPLY, "divw"); return;
            case Opcodes.DIVUW: call2(inst, MULTIPLY, "divuw"); return;
            case Opcodes.REMW: call2(inst, MULTIPLY, "remw"); return;
            case Opcodes.REMUW: call2(inst, MULTIPLY, "remuw"); return;

            case Opcodes.WIDE_MUL: wide(inst, "java/lang/Math", "multiplyHigh", null); return;
            case Opcodes.WIDE_MULU: wide(inst, MULTIPLY, "mulhu", null); return;
            case Opcodes.WIDE_MULSU: wide(inst, MULTIPLY, "mulhsu", null); return;
            case Opcodes.WIDE_DIV: wide(inst, MULTIPLY, "div", "rem"); return;
            case Opcodes.WIDE_DIVU: wide(inst, MULTIPLY, "divu", "remu"); return;
            case Opcodes.ADC: case Opcodes.SBB: case Opcodes.ADCS: case Opcodes.SBBS:
            case Opcodes.ADD3A: case Opcodes.ADD3B: case Opcodes.ADD3C:
                carry(inst);
                return;
            default:
                if (Lowering.isB(inst)) {
                    bitManipulation(inst);
                    return;
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
            mv.visitMethodInsn(INVOKESTATIC, MULTIPLY, low, "(JJ)J", false);
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
            case Opcodes.CLZ: unary(a, "clz"); break;
            case Opcodes.CLZW: unary(a, "clzw"); break;
            case Opcodes.CTZ: unary(a, "ctz"); break;
            case Opcodes.CTZW: unary(a, "ctzw"); break;
            case Opcodes.CPOP: unary(a, "cpop"); break;
            case Opcodes.CPOPW: unary(a, "cpopw"); break;
            case Opcodes.MAX: twoCall(a, b, BITS, "max"); break;
            case Opcodes.MIN: twoCall(a, b, BITS, "min"); break;
            case Opcodes.MAXU: twoCall(a, b, BITS, "maxu"); break;
            case Opcodes.MINU: twoCall(a, b, BITS, "minu"); break;
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
            case Opcodes.ROL: twoCall(a, b, BITS, "rol"); break;
            case Opcodes.ROR: twoCall(a, b, BITS, "ror"); break;
            case Opcodes.RORI:
                get(a);
                pushLong(shamt);
                mv.visitMethodInsn(INVOKESTATIC, BITS, "ror", "(JJ)J", false);
                break;
            case Opcodes.ROLW: twoCall(a, b, BITS, "rolw"); break;
            case Opcodes.RORW: twoCall(a, b, BITS, "rorw"); break;
            case Opcodes.RORIW:
                get(a);
                pushLong(shamt);
                mv.visitMethodInsn(INVOKESTATIC, BITS, "rorw", "(JJ)J", false);
                break;
            case Opcodes.ORC_B:
                unary(a, "orcb");
                break;
            case Opcodes.REV8:
                unary(a, "rev8");
                break;
            case Opcodes.CLMUL: twoCall(a, b, BITS, "clmul"); break;
            case Opcodes.CLMULH: twoCall(a, b, BITS, "clmulh"); break;
            case Opcodes.CLMULR: twoCall(a, b, BITS, "clmulr"); break;
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

    /** Table call of a one-operand operation, with rs1 as the operand. */
    private void unary(int a, String name) {
        get(a);
        mv.visitMethodInsn(INVOKESTATIC, BITS, name, "(J)J", false);
    }

    private void twoCall(int a, int b, String owner, String name) {
        get(a);
        get(b);
        mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
    }
}
