package org.ckbvm.isa.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The table's non-obvious operations against slow, obviously right definitions. */
class InstructionTableTest {
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    private static BigInteger unsigned(long v) {
        return BigInteger.valueOf(v).mod(TWO64);
    }

    private static long high(BigInteger product) {
        return product.shiftRight(64).longValue();
    }

    @Test
    void multiplyHighAgainstBigIntegers() {
        Random rnd = new Random(1);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 20_000; i++) {
            long a = i < 25 ? edges[i / 5] : rnd.nextLong();
            long b = i < 25 ? edges[i % 5] : rnd.nextLong();
            assertEquals(high(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))), MultiplyOps.mulh(a, b));
            assertEquals(high(unsigned(a).multiply(unsigned(b))), MultiplyOps.mulhu(a, b));
            assertEquals(high(BigInteger.valueOf(a).multiply(unsigned(b))), MultiplyOps.mulhsu(a, b));
        }
    }

    @Test
    void orcbIsBytewiseOr() {
        Random rnd = new Random(2);
        for (int i = 0; i < 20_000; i++) {
            long a = rnd.nextLong() & rnd.nextLong() & rnd.nextLong(); // many zero bytes
            long expected = 0;
            for (int k = 0; k < 64; k += 8) {
                if (((a >>> k) & 0xff) != 0) {
                    expected |= 0xffL << k;
                }
            }
            assertEquals(expected, BitManipulationOps.orcb(a), Long.toHexString(a));
        }
    }

    @Test
    void divisionEdgeCasesFollowTheSpec() {
        assertEquals(-1L, MultiplyOps.div(7, 0));
        assertEquals(7L, MultiplyOps.rem(7, 0));
        assertEquals(Long.MIN_VALUE, MultiplyOps.div(Long.MIN_VALUE, -1));
        assertEquals(0L, MultiplyOps.rem(Long.MIN_VALUE, -1));
        assertEquals(-1L, MultiplyOps.divuw(7, 0x1_0000_0000L));
        assertEquals((long) Integer.MIN_VALUE, MultiplyOps.divw(Integer.MIN_VALUE, -1));
        assertEquals(-5L, MultiplyOps.remuw(-5, 0));
    }
}
