package org.ckbvm.isa;

/**
 * A decoded instruction packed in one {@code long}, so that decoding and the trace cache
 * allocate nothing per instruction.
 *
 * <pre>
 * bits  0..7   opcode (see {@link Opcodes})
 * bits  8..12  rd
 * bits 13..17  rs1
 * bits 18..22  rs2
 * bits 23..27  rs3   (4th register of fused R4/R5 instructions: WIDE_* second rd, SBB/ADCS/SBBS r3, ADD3* r3)
 * bits 28..31  length in bytes / 2 (2, 4 or up to 20 for a fused group)
 * bits 32..63  imm   (sign-extended immediate; ADD3* keep their 5th register r4 here)
 * </pre>
 *
 * Field meanings follow CKB-VM's Rtype/Itype/Stype/Btype/Utype/R4type/R5type: a store or
 * branch keeps its two sources in rs1/rs2, a U-type keeps the already shifted upper immediate.
 */
public final class PackedInstruction {
    private PackedInstruction() {}

    public static long pack(int opcode, int rd, int rs1, int rs2, int rs3, int length, int imm) {
        return (opcode & 0xffL)
                | (long) (rd & 31) << 8
                | (long) (rs1 & 31) << 13
                | (long) (rs2 & 31) << 18
                | (long) (rs3 & 31) << 23
                | (long) ((length >>> 1) & 15) << 28
                | (long) imm << 32;
    }

    public static long r(int opcode, int rd, int rs1, int rs2, int length) {
        return pack(opcode, rd, rs1, rs2, 0, length, 0);
    }

    public static long i(int opcode, int rd, int rs1, int imm, int length) {
        return pack(opcode, rd, rs1, 0, 0, length, imm);
    }

    /** S-type and B-type: two sources and an immediate. */
    public static long s(int opcode, int rs1, int rs2, int imm, int length) {
        return pack(opcode, 0, rs1, rs2, 0, length, imm);
    }

    public static long u(int opcode, int rd, int imm, int length) {
        return pack(opcode, rd, 0, 0, 0, length, imm);
    }

    public static int opcode(long inst) {
        return (int) inst & 0xff;
    }

    public static int rd(long inst) {
        return (int) (inst >>> 8) & 31;
    }

    public static int rs1(long inst) {
        return (int) (inst >>> 13) & 31;
    }

    public static int rs2(long inst) {
        return (int) (inst >>> 18) & 31;
    }

    public static int rs3(long inst) {
        return (int) (inst >>> 23) & 31;
    }

    /** The fifth register of an R5-type (ADD3A/B/C) instruction, kept in the immediate field. */
    public static int rs4(long inst) {
        return (int) (inst >>> 32) & 31;
    }

    public static int length(long inst) {
        return ((int) (inst >>> 28) & 15) << 1;
    }

    public static int imm(long inst) {
        return (int) (inst >>> 32);
    }

    public static long withOpcode(long inst, int opcode) {
        return (inst & ~0xffL) | (opcode & 0xffL);
    }

    public static long withLength(long inst, int length) {
        return (inst & ~(15L << 28)) | (long) ((length >>> 1) & 15) << 28;
    }

    /** A readable form for error messages and traces, e.g. {@code ADDI rd=10 rs1=0 imm=5 len=4}. */
    public static String describe(long inst) {
        return Opcodes.name(opcode(inst)) + " rd=" + rd(inst) + " rs1=" + rs1(inst) + " rs2=" + rs2(inst)
                + " rs3=" + rs3(inst) + " imm=" + imm(inst) + " len=" + length(inst);
    }
}
