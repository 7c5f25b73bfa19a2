package org.ckbvm.isa.semantics;

/**
 * The B extension for RV64 (Zba, Zbb, Zbc, Zbs) as ckb-vm src/instructions/b.rs and execute.rs
 * compute it; {@code a} is rs1, {@code b} is rs2. Immediate forms (SLLI.UW, RORI, RORIW, BCLRI,
 * BEXTI, BINVI, BSETI) pass the immediate as {@code b}. Rotate amounts and bit indexes use the low
 * 6 (or, for W forms, 5) bits, as Java's rotations and shifts do.
 */
public final class BitManipulationOps {
    private BitManipulationOps() {}

    private static long zext32(long a) {
        return a & 0xffff_ffffL;
    }

    // ---- Zba ----

    /** ADD.UW: rs2 + zext32(rs1). */
    public static long addUw(long a, long b) {
        return b + zext32(a);
    }

    public static long sh1add(long a, long b) {
        return b + (a << 1);
    }

    public static long sh2add(long a, long b) {
        return b + (a << 2);
    }

    public static long sh3add(long a, long b) {
        return b + (a << 3);
    }

    public static long sh1addUw(long a, long b) {
        return b + (zext32(a) << 1);
    }

    public static long sh2addUw(long a, long b) {
        return b + (zext32(a) << 2);
    }

    public static long sh3addUw(long a, long b) {
        return b + (zext32(a) << 3);
    }

    public static long slliUw(long a, long shamt) {
        return zext32(a) << (shamt & 63);
    }

    // ---- Zbb ----

    public static long andn(long a, long b) {
        return a & ~b;
    }

    public static long orn(long a, long b) {
        return a | ~b;
    }

    public static long xnor(long a, long b) {
        return a ^ ~b;
    }

    public static long clz(long a) {
        return Long.numberOfLeadingZeros(a);
    }

    /** CLZW: of the low word only (32 for a zero low word, whatever the high word). */
    public static long clzw(long a) {
        return Integer.numberOfLeadingZeros((int) a);
    }

    public static long ctz(long a) {
        return Long.numberOfTrailingZeros(a);
    }

    /** CTZW: 32 for a zero low word, even with bit 63 set (qemu 7.2 gets this one wrong). */
    public static long ctzw(long a) {
        return Integer.numberOfTrailingZeros((int) a);
    }

    public static long cpop(long a) {
        return Long.bitCount(a);
    }

    public static long cpopw(long a) {
        return Integer.bitCount((int) a);
    }

    public static long max(long a, long b) {
        return Math.max(a, b);
    }

    public static long maxu(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    public static long min(long a, long b) {
        return Math.min(a, b);
    }

    public static long minu(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    public static long sextB(long a) {
        return (byte) a;
    }

    public static long sextH(long a) {
        return (short) a;
    }

    public static long zextH(long a) {
        return a & 0xffff;
    }

    public static long rol(long a, long b) {
        return Long.rotateLeft(a, (int) b);
    }

    public static long ror(long a, long b) {
        return Long.rotateRight(a, (int) b);
    }

    public static long rolw(long a, long b) {
        return Integer.rotateLeft((int) a, (int) b);
    }

    public static long rorw(long a, long b) {
        return Integer.rotateRight((int) a, (int) b);
    }

    /** ORC.B: each byte becomes 0xff if any of its bits is set, else 0 (bit-parallel form). */
    public static long orcb(long a) {
        long t = a | (a >>> 1);
        t |= t >>> 2;
        t |= t >>> 4;
        t &= 0x0101010101010101L;
        return t * 0xff;
    }

    public static long rev8(long a) {
        return Long.reverseBytes(a);
    }

    // ---- Zbc ----

    public static long clmul(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a << i;
            }
        }
        return result;
    }

    public static long clmulh(long a, long b) {
        long result = 0;
        for (int i = 1; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a >>> (64 - i);
            }
        }
        return result;
    }

    public static long clmulr(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a >>> (63 - i);
            }
        }
        return result;
    }

    // ---- Zbs ----

    public static long bclr(long a, long b) {
        return a & ~(1L << b);
    }

    public static long bext(long a, long b) {
        return (a >>> b) & 1;
    }

    public static long binv(long a, long b) {
        return a ^ (1L << b);
    }

    public static long bset(long a, long b) {
        return a | (1L << b);
    }
}
