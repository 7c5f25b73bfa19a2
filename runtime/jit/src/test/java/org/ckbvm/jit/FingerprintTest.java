package org.ckbvm.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@link Fingerprint}: the same input gives the same bytes; any flipped bit or other split gives others. */
class FingerprintTest {

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Test
    void sameInputSameFingerprint() {
        byte[] data = new byte[1000];
        new Random(7).nextBytes(data);
        assertArrayEquals(new Fingerprint().update(data).digest(), new Fingerprint().update(data.clone()).digest());
        assertEquals(16, new Fingerprint().digest().length);
    }

    @Test
    void everyFlippedBitChangesIt() {
        Random random = new Random(11);
        for (int length : new int[] {1, 7, 8, 9, 64, 333}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            Set<String> seen = new HashSet<>();
            seen.add(hex(new Fingerprint().update(data).digest()));
            for (int bit = 0; bit < length * 8; bit++) {
                byte[] flipped = data.clone();
                flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertFalse(!seen.add(hex(new Fingerprint().update(flipped).digest())), "bit " + bit + " of " + length);
            }
        }
    }

    @Test
    void howTheStringsAreSplitCounts() {
        byte[] abc = {1, 2, 3};
        String whole = hex(new Fingerprint().update(abc).digest());
        String split = hex(new Fingerprint().update(Arrays.copyOf(abc, 2)).update(new byte[] {3}).digest());
        String other = hex(new Fingerprint().update(new byte[] {1}).update(new byte[] {2, 3}).digest());
        String zeroPadded = hex(new Fingerprint().update(new byte[] {1, 2, 3, 0}).digest());
        assertEquals(4, Set.of(whole, split, other, zeroPadded).size());
    }
}
