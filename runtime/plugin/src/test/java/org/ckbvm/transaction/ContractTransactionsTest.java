package org.ckbvm.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

class ContractTransactionsTest {
    static final ECKeyPair ALICE = ECKeyPair.create(BigInteger.valueOf(0xA11CE));
    static final ECKeyPair BOB = ECKeyPair.create(BigInteger.valueOf(0xB0B));
    static final SourceId CODE = SourceId.of(new byte[32]);

    static TransactionDraft.Call call() {
        return new TransactionDraft.Call(7, 1, CODE, List.of("a".getBytes(), new byte[0]), List.of(CODE),
                1_000_000, List.of(ContractTransactions.address(BOB)));
    }

    @Test
    void aSignedCallDecodesToItsFieldsWithTheSignerAsSender() throws Exception {
        byte[] signed = ContractTransactions.sign(call(), ALICE);
        ContractRequest.Call c = assertInstanceOf(ContractRequest.Call.class, ContractTransactions.decode(signed));
        assertEquals(ContractTransactions.address(ALICE), c.sender());
        assertEquals(TxHash.of(Hash.sha3(signed)), c.txHash());
        assertEquals(7, c.chainId());
        assertEquals(1, c.nonce());
        assertEquals(CODE, c.code());
        assertArrayEquals("a".getBytes(), c.args().get(0));
        assertEquals(0, c.args().get(1).length);
        assertEquals(1_000_000, c.cycleBudget());
        assertEquals(List.of(ContractTransactions.address(BOB)), c.controllers());
    }

    @Test
    void resumeAndCancelRoundTrip() throws Exception {
        TxHash execution = TxHash.of(new byte[32]);
        ContractRequest.Resume r = assertInstanceOf(ContractRequest.Resume.class, ContractTransactions.decode(
                ContractTransactions.sign(new TransactionDraft.Resume(7, 2, execution, 5), BOB)));
        assertEquals(execution, r.execution());
        assertEquals(5, r.cycleBudget());
        assertEquals(ContractTransactions.address(BOB), r.sender());
        ContractRequest.Cancel c = assertInstanceOf(ContractRequest.Cancel.class, ContractTransactions.decode(
                ContractTransactions.sign(new TransactionDraft.Cancel(7, 3, execution), ALICE)));
        assertEquals(ContractTransactions.address(ALICE), c.sender());
    }

    @Test
    void changingASignedFieldChangesTheRecoveredSender() throws Exception {
        byte[] signed = ContractTransactions.sign(call(), ALICE);
        RlpList list = (RlpList) RlpDecoder.decode(signed).getValues().get(0);
        List<RlpType> fields = new java.util.ArrayList<>(list.getValues());
        fields.set(6, RlpString.create(2_000_000L)); // a bigger budget, same signature
        byte[] forged = RlpEncoder.encode(new RlpList(fields));
        ContractRequest decoded;
        try {
            decoded = ContractTransactions.decode(forged);
        } catch (InvalidTransactionException e) {
            return; // refused outright: fine
        }
        assertNotEquals(ContractTransactions.address(ALICE), decoded.sender());
    }

    @Test
    void highSTwinSignaturesAreRefused() throws Exception {
        byte[] signed = ContractTransactions.sign(call(), ALICE);
        RlpList list = (RlpList) RlpDecoder.decode(signed).getValues().get(0);
        List<RlpType> fields = new java.util.ArrayList<>(list.getValues());
        BigInteger s = new BigInteger(1, ((RlpString) fields.get(fields.size() - 1)).getBytes());
        BigInteger twin = Sign.CURVE_PARAMS.getN().subtract(s);
        fields.set(fields.size() - 1, RlpString.create(org.web3j.utils.Numeric.toBytesPadded(twin, 32)));
        long v = ((RlpString) fields.get(fields.size() - 3)).asPositiveBigInteger().longValue();
        fields.set(fields.size() - 3, RlpString.create(1 - v));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
                () -> ContractTransactions.decode(RlpEncoder.encode(new RlpList(fields))));
        assertEquals("signature is not canonical (zero r/s or high s)", e.getMessage());
    }

    @Test
    void nonCanonicalAndTrailingBytesAreRefused() {
        byte[] signed = ContractTransactions.sign(call(), ALICE);
        byte[] trailing = java.util.Arrays.copyOf(signed, signed.length + 1);
        assertThrows(InvalidTransactionException.class, () -> ContractTransactions.decode(trailing));
        assertThrows(InvalidTransactionException.class, () -> ContractTransactions.decode(new byte[0]));
        assertThrows(InvalidTransactionException.class, () -> ContractTransactions.decode(new byte[] {(byte) 0xc0}));
    }

    @Test
    void randomMutationsNeverEscapeAsOtherExceptions() {
        byte[] signed = ContractTransactions.sign(call(), ALICE);
        Address alice = ContractTransactions.address(ALICE);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = signed.clone();
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                ContractRequest r = ContractTransactions.decode(mutated);
                if (!java.util.Arrays.equals(mutated, signed)) {
                    // a mutation that still decodes must not keep Alice's authority over changed content
                    assertNotEquals(alice, r.sender(), "mutation " + i + " kept the sender");
                }
            } catch (InvalidTransactionException expected) {
                // refused with a clear reason
            }
        }
    }
}
