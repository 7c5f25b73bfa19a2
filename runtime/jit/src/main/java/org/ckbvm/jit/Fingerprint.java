package org.ckbvm.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 128-bit fingerprint of a sequence of byte strings, for {@link RegionCache}: names its files,
 * identifies the translator's version and detects damaged records. Not cryptographic, and it does
 * not need to be: every record is compared in full with what it should translate, and the cache
 * folder is the user's own. What it must be is cheap in a fresh JVM, where it runs interpreted:
 * SHA-256 through {@code MessageDigest} (provider set-up, then about 2 MB/s interpreted) cost a
 * command-line run of secp256k1 about a tenth of a second for some 400 KB of class bytes.
 *
 * <p>Two 64-bit lanes take each 8-byte little-endian word (and the tail of each string, padded,
 * with the string's length), each with its own multiplier and rotation and each feeding the
 * other, and are finally avalanched (xor-shift-multiply rounds), so that any changed bit changes
 * about half of the result's bits.
 */
final class Fingerprint {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;
    private static final long K3 = 0x165667B19E3779F9L;

    private long a = K3;
    private long b = K1;
    private long strings;

    /** Adds one byte string (its length counts, so ["ab","c"] and ["a","bc"] differ). */
    Fingerprint update(byte[] bytes) {
        int n = bytes.length;
        int whole = n & ~7;
        for (int i = 0; i < whole; i += 8) {
            word((long) WORDS.get(bytes, i));
        }
        long tail = 0;
        for (int i = n - 1; i >= whole; i--) {
            tail = tail << 8 | (bytes[i] & 0xffL);
        }
        word(tail);
        word(((long) n << 8) ^ ++strings);
        return this;
    }

    private void word(long w) {
        a = Long.rotateLeft(a ^ w * K2, 31) * K1 + b;
        b = Long.rotateLeft(b + w * K3, 29) * K2 ^ a;
    }

    /** The 16 bytes of the fingerprint of what was added. */
    byte[] digest() {
        long x = avalanche(a + b);
        long y = avalanche(b ^ Long.rotateLeft(a, 17));
        byte[] out = new byte[16];
        WORDS.set(out, 0, x);
        WORDS.set(out, 8, y);
        return out;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= K2;
        h ^= h >>> 29;
        h *= K3;
        h ^= h >>> 32;
        return h;
    }
}
