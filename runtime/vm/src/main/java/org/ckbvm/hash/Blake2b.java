package org.ckbvm.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * BLAKE2b (RFC 7693) without a key or salt, with a personalization and a digest length of up to
 * 64 bytes: what {@link CkbHash} needs, written here so that a command-line run does not pay for
 * Bouncy Castle's crypto services set-up (its registrar's static initialisation, which starts
 * java.util.logging and decodes DSA and DH parameters, took a tenth of {@code run}'s start-up).
 * Its results are Bouncy Castle's {@code Blake2bDigest}'s ({@code Blake2bTest} compares them).
 * Incremental: {@link #update}, then {@link #doFinal}; {@link #reset} starts again with the
 * same parameters. Allocates nothing after construction.
 */
public final class Blake2b {
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK = 128;
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
    /** The message word schedule of each of the 12 rounds (rounds 10 and 11 repeat 0 and 1). */
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

    private final int digestLength;
    private final long[] initial = new long[8];
    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[BLOCK];
    private int buffered;
    /** Bytes compressed so far, low and high word of the 128-bit counter. */
    private long counterLow;
    private long counterHigh;

    /**
     * @param digestLength 1 to 64 bytes
     * @param personalization 16 bytes, or null for none
     */
    public Blake2b(int digestLength, byte[] personalization) {
        if (digestLength < 1 || digestLength > 64) {
            throw new IllegalArgumentException("digest length " + digestLength);
        }
        if (personalization != null && personalization.length != 16) {
            throw new IllegalArgumentException("personalization must be 16 bytes");
        }
        this.digestLength = digestLength;
        System.arraycopy(IV, 0, initial, 0, 8);
        // the parameter block: digest length, no key, fanout 1, depth 1; then the personalization
        initial[0] ^= 0x01010000L | digestLength;
        if (personalization != null) {
            initial[6] ^= (long) WORDS.get(personalization, 0);
            initial[7] ^= (long) WORDS.get(personalization, 8);
        }
        reset();
    }

    public int digestLength() {
        return digestLength;
    }

    /** Starts a new message (same length and personalization). */
    public void reset() {
        System.arraycopy(initial, 0, h, 0, 8);
        buffered = 0;
        counterLow = 0;
        counterHigh = 0;
    }

    public void update(byte b) {
        if (buffered == BLOCK) {
            count(BLOCK);
            compress(buffer, 0, false);
            buffered = 0;
        }
        buffer[buffered++] = b;
    }

    public void update(byte[] data) {
        update(data, 0, data.length);
    }

    public void update(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        while (length > 0) {
            // the last block is kept until doFinal: it is compressed with the final flag
            if (buffered == BLOCK) {
                count(BLOCK);
                compress(buffer, 0, false);
                buffered = 0;
            }
            if (buffered == 0 && length > BLOCK) {
                count(BLOCK);
                compress(data, offset, false);
                offset += BLOCK;
                length -= BLOCK;
                continue;
            }
            int n = Math.min(BLOCK - buffered, length);
            System.arraycopy(data, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
        }
    }

    /** Writes the digest at {@code out[offset]} and resets. */
    public void doFinal(byte[] out, int offset) {
        java.util.Objects.checkFromIndexSize(offset, digestLength, out.length);
        count(buffered);
        Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
        compress(buffer, 0, true);
        for (int i = 0; i < digestLength; i++) {
            out[offset + i] = (byte) (h[i >>> 3] >>> ((i & 7) << 3));
        }
        reset();
    }

    private void count(int bytes) {
        long before = counterLow;
        counterLow += bytes;
        if (Long.compareUnsigned(counterLow, before) < 0) {
            counterHigh++;
        }
    }

    private void compress(byte[] block, int offset, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = (long) WORDS.get(block, offset + 8 * i);
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counterLow;
        v[13] ^= counterHigh;
        if (last) {
            v[14] = ~v[14];
        }
        for (byte[] s : SIGMA) {
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void mix(int a, int b, int c, int d, long x, long y) {
        long[] w = v;
        w[a] += w[b] + x;
        w[d] = Long.rotateRight(w[d] ^ w[a], 32);
        w[c] += w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 24);
        w[a] += w[b] + y;
        w[d] = Long.rotateRight(w[d] ^ w[a], 16);
        w[c] += w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 63);
    }
}
