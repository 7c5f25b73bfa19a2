package org.ckbvm.machine;

/**
 * RISC-V M-extension and AMO arithmetic with the spec's edge cases (CKB-VM follows the spec):
 * division by zero gives all ones (div) or the dividend (rem); signed overflow gives -2^63 (div)
 * or 0 (rem). Java's own {@code Long.MIN_VALUE / -1} already yields those overflow values.
 */
final class Arithmetic {
    private Arithmetic() {}

    static long mulhu(long a, long b) {
        // Math.unsignedMultiplyHigh is Java 18+; this is its definition
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
    }

    static long div(long a, long b) {
        return b == 0 ? -1L : a / b;
    }

    static long divu(long a, long b) {
        return b == 0 ? -1L : Long.divideUnsigned(a, b);
    }

    static long rem(long a, long b) {
        return b == 0 ? a : a % b;
    }

    static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    static long divw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        return y == 0 ? -1L : x / y;
    }

    static long divuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? -1L : Integer.divideUnsigned((int) a, y);
    }

    static long remw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        return y == 0 ? x : x % y;
    }

    static long remuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? (int) a : Integer.remainderUnsigned((int) a, y);
    }

    /**
     * The value an AMO stores. {@code kind} counts from AMOSWAP in opcode order: swap, add, xor,
     * and, or, min, max, minu, maxu. For .W both operands arrive sign-extended from 32 bits, and
     * the unsigned comparisons look at the low 32 bits only.
     */
    static long amo(int kind, long old, long src, boolean word) {
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
            default: throw new IllegalArgumentException("AMO kind " + kind);
        }
    }

    private static int compareUnsigned(long a, long b, boolean word) {
        return word ? Long.compare(a & 0xffff_ffffL, b & 0xffff_ffffL) : Long.compareUnsigned(a, b);
    }
}
