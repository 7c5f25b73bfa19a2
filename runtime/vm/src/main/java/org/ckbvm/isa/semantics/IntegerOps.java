package org.ckbvm.isa.semantics;

/**
 * RV64I register and immediate arithmetic (ckb-vm src/instructions/i.rs). Shift amounts use the
 * low 6 bits (64-bit forms) or 5 bits (W forms), which is exactly Java's shift masking; W forms
 * compute on the low 32 bits and sign-extend the result.
 */
public final class IntegerOps {
    private IntegerOps() {}

    public static long lui(long imm) {
        return imm;
    }

    /** AUIPC: {@code pc} is the instruction's own address (for a trace's last item, the asm machine's). */
    public static long auipc(long pc, long imm) {
        return pc + imm;
    }

    public static long add(long a, long b) {
        return a + b;
    }

    public static long sub(long a, long b) {
        return a - b;
    }

    public static long sll(long a, long b) {
        return a << b;
    }

    public static long srl(long a, long b) {
        return a >>> b;
    }

    public static long sra(long a, long b) {
        return a >> b;
    }

    public static long slt(long a, long b) {
        return a < b ? 1 : 0;
    }

    public static long sltu(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    public static long xor(long a, long b) {
        return a ^ b;
    }

    public static long or(long a, long b) {
        return a | b;
    }

    public static long and(long a, long b) {
        return a & b;
    }

    public static long addw(long a, long b) {
        return (int) a + (int) b;
    }

    public static long subw(long a, long b) {
        return (int) a - (int) b;
    }

    public static long sllw(long a, long b) {
        return (int) a << (int) b;
    }

    public static long srlw(long a, long b) {
        return (int) a >>> (int) b;
    }

    public static long sraw(long a, long b) {
        return (int) a >> (int) b;
    }
}
