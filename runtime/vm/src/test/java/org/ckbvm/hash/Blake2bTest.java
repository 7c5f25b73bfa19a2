package org.ckbvm.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** {@link Blake2b} against Bouncy Castle's {@code Blake2bDigest} and RFC 7693's example. */
class Blake2bTest {
    private static final byte[] PERSONALIZATION = "ckb-default-hash".getBytes(StandardCharsets.US_ASCII);

    private static byte[] theirs(int length, byte[] personalization, byte[] data) {
        Blake2bDigest d = new Blake2bDigest(null, length, null, personalization);
        d.update(data, 0, data.length);
        byte[] out = new byte[length];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void rfc7693Example() {
        Blake2b b = new Blake2b(64, null);
        b.update("abc".getBytes(StandardCharsets.US_ASCII));
        byte[] out = new byte[64];
        b.doFinal(out, 0);
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923", HexFormat.of().formatHex(out));
    }

    /** Every length around block boundaries and random ones, hashed whole and in random pieces. */
    @Test
    void sameAsBouncyCastle() {
        Random random = new Random(42);
        int[] lengths = new int[300];
        for (int i = 0; i < 260; i++) {
            lengths[i] = i;
        }
        for (int i = 260; i < lengths.length; i++) {
            lengths[i] = random.nextInt(20_000);
        }
        for (int length : lengths) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            for (int digestLength : new int[] {32, 64, 20}) {
                byte[] personalization = random.nextBoolean() ? PERSONALIZATION : null;
                byte[] expected = theirs(digestLength, personalization, data);
                Blake2b ours = new Blake2b(digestLength, personalization);
                ours.update(data);
                byte[] out = new byte[digestLength];
                ours.doFinal(out, 0);
                assertArrayEquals(expected, out, "length " + length);
                // again after the reset doFinal does, fed in pieces and single bytes
                int at = 0;
                while (at < length) {
                    if (random.nextInt(4) == 0) {
                        ours.update(data[at++]);
                    } else {
                        int n = Math.min(length - at, random.nextInt(300));
                        ours.update(data, at, n);
                        at += n;
                    }
                }
                ours.doFinal(out, 0);
                assertArrayEquals(expected, out, "length " + length + " in pieces");
            }
        }
    }

    @Test
    void ckbHashIsBouncyCastlesWithThePersonalization() {
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        assertArrayEquals(theirs(32, PERSONALIZATION, data), CkbHash.hash(data));
        assertArrayEquals(CkbHash.finish(withBc(data)), CkbHash.hash(data));
    }

    private static Blake2bDigest withBc(byte[] data) {
        Blake2bDigest d = CkbHash.newDigest();
        d.update(data, 0, data.length);
        return d;
    }
}
