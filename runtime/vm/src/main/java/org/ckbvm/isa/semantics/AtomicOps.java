package org.ckbvm.isa.semantics;

import org.ckbvm.isa.Opcodes;

/**
 * The A extension's arithmetic (ckb-vm src/instructions/a.rs). Memory access, the reservation and
 * SC's quirk (a failing SC still stores, the value re-read) are the interpreter's; this is the
 * value an AMO stores. For .W both operands arrive sign-extended from 32 bits, and the unsigned
 * comparisons look at the low 32 bits only.
 */
public final class AtomicOps {
    private AtomicOps() {}

    /** Whether {@code opcode} is one of AMOSWAP.W .. AMOMAXU.W. */
    public static boolean isAmoWord(int opcode) {
        return opcode >= Opcodes.AMOSWAP_W && opcode <= Opcodes.AMOMAXU_W;
    }

    /** Whether {@code opcode} is one of AMOSWAP.D .. AMOMAXU.D. */
    public static boolean isAmoDouble(int opcode) {
        return opcode >= Opcodes.AMOSWAP_D && opcode <= Opcodes.AMOMAXU_D;
    }

    /** The value the AMO {@code opcode} stores, given the old memory value and rs2. */
    public static long amoValue(int opcode, long old, long src) {
        boolean word = isAmoWord(opcode);
        int kind = opcode - (word ? Opcodes.AMOSWAP_W : Opcodes.AMOSWAP_D);
        // kind counts from AMOSWAP in opcode order: swap, add, xor, and, or, min, max, minu, maxu
        switch (kind) {
            case 0: return src;
            case 1: return old + src;
            case 2: return old ^ src;
            case 3: return old & src;
            case 4: return old | src;
            case 5: return Math.min(old, src);
            case 6: return Math.max(old, src);
            case 7: return compareUnsigned(old, src, word) <= 0 ? old : src;
            case 8: return compareUnsigned(old, src, word) >= 0 ? old : src;
            default: throw new IllegalArgumentException("not an AMO: " + Opcodes.name(opcode));
        }
    }

    private static int compareUnsigned(long a, long b, boolean word) {
        return word ? Long.compare(a & 0xffff_ffffL, b & 0xffff_ffffL) : Long.compareUnsigned(a, b);
    }

    /** SC succeeds only at the reserved address (and every SC clears the reservation). */
    public static boolean scSucceeds(long address, long reservation) {
        return address == reservation;
    }
}
