package org.ckbvm.isa.semantics;

/**
 * The M extension (ckb-vm src/instructions/m.rs) with the spec's edge cases, which ckb-vm follows:
 * division by zero gives all ones (div) or the dividend (rem); signed overflow gives -2^63 (div)
 * or 0 (rem), which is what Java's {@code Long.MIN_VALUE / -1} and {@code % -1} already yield.
 */
public final class MultiplyOps {
    private MultiplyOps() {}

    public static long mul(long a, long b) {
        return a * b;
    }

    public static long mulw(long a, long b) {
        return (int) a * (int) b;
    }

    public static long mulh(long a, long b) {
        return Math.multiplyHigh(a, b);
    }

    public static long mulhu(long a, long b) {
        // Math.unsignedMultiplyHigh is Java 18+; this is its definition
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    public static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
    }

    public static long div(long a, long b) {
        return b == 0 ? -1L : a / b;
    }

    public static long divu(long a, long b) {
        return b == 0 ? -1L : Long.divideUnsigned(a, b);
    }

    public static long rem(long a, long b) {
        return b == 0 ? a : a % b;
    }

    public static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    public static long divw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        return y == 0 ? -1L : x / y;
    }

    public static long divuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? -1L : Integer.divideUnsigned((int) a, y);
    }

    public static long remw(long a, long b) {
        int x = (int) a;
        int y = (int) b;
        return y == 0 ? x : x % y;
    }

    public static long remuw(long a, long b) {
        int y = (int) b;
        return y == 0 ? (int) a : Integer.remainderUnsigned((int) a, y);
    }
}
