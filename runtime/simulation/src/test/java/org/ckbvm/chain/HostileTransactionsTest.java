package org.ckbvm.chain;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;

import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.InvalidTransactionException;
import org.junit.jupiter.api.Test;

/** Transactions built to break the decoder rather than to be wrong: deep nesting, huge declared lengths. */
class HostileTransactionsTest {

    /** {@code depth} RLP lists, each holding the next (headers computed inside out, written once). */
    static byte[] nestedLists(int depth) {
        byte[][] headers = new byte[depth][];
        long length = 1; // the innermost empty list, c0
        for (int i = 0; i < depth; i++) {
            headers[i] = listHeader(length);
            length += headers[i].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        for (int i = depth - 1; i >= 0; i--) {
            out.writeBytes(headers[i]);
        }
        out.write(0xc0);
        return out.toByteArray();
    }

    private static byte[] listHeader(long length) {
        if (length <= 55) {
            return new byte[] {(byte) (0xc0 + length)};
        }
        int bytes = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        byte[] h = new byte[1 + bytes];
        h[0] = (byte) (0xf7 + bytes);
        for (int i = 0; i < bytes; i++) {
            h[1 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
        }
        return h;
    }

    /** {@code -Dckbvm.fuzz.writeSeeds=true}: the deep-nesting crasher as a regression seed of the fuzz target. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeSeed() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(
                "src/test/resources/org/ckbvm/chain/TransactionFuzzTestInputs/signedTransactions");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve("crash-rlp-nesting-stack-overflow"), nestedLists(20_000));
    }

    @Test
    void deeplyNestedListsAreInvalidNotAStackOverflow() {
        byte[] deep = nestedLists(200_000);
        assertThrows(InvalidTransactionException.class, () -> ContractTransactions.decode(deep));
        ChainSpec roomy = new ChainSpec(7, ChainFixture.SPEC.forks(), 1_000_000, 10_000_000, 1 << 20, 1 << 20, 3,
                1 << 20, 10_000, 8);
        try (ChainFixture f = new ChainFixture(roomy, new MemoryChainStore(), 1, org.ckbvm.machine.Engine.INTERP,
                ChainFixture.DATA)) {
            Receipt.Rejected r = assertInstanceOf(Receipt.Rejected.class, f.one(deep));
            assertInstanceOf(ExecutionError.InvalidTransaction.class, r.error());
        }
    }

    @Test
    void hugeDeclaredLengthsAreInvalid() {
        // a list declaring 2^62 bytes of payload, a string declaring 4 GiB
        byte[][] inputs = {
            {(byte) 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0, 1},
            {(byte) 0xbb, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3},
            {(byte) 0xf8, 0x05, (byte) 0xbf, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        };
        for (byte[] input : inputs) {
            assertThrows(InvalidTransactionException.class, () -> ContractTransactions.decode(input));
        }
    }
}
