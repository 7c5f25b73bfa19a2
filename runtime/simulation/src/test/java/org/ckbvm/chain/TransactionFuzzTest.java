package org.ckbvm.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.InvalidTransactionException;
import org.ckbvm.transaction.TransactionDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.web3j.crypto.ECKeyPair;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of contract transactions: mutated RLP, signatures, hashes and fields.
 * {@link ContractTransactions#decode} either refuses with {@link InvalidTransactionException} or
 * returns a request whose hash is Keccak-256 of exactly the input, and which decodes again to the
 * same request. Every input is then executed in a block on a fresh chain that already holds one
 * suspended execution (a Call of {@code loop_forever} by Alice with Bob as controller), so
 * Resume and Cancel reach the state: the block gives a receipt, never throws; a rejected one
 * changes nothing and any other is charged.
 *
 * <p>Regression inputs: {@code src/test/resources/org/ckbvm/chain/TransactionFuzzTestInputs/}.
 */
class TransactionFuzzTest {
    static final long CHAIN = ChainFixture.CHAIN;
    static final ECKeyPair ALICE = ChainFixture.ALICE;
    static final ECKeyPair BOB = ChainFixture.BOB;
    static final ECKeyPair EVE = ChainFixture.EVE;
    static final SourceId CODE = ChainFixture.LOOP;
    static final SourceId EXIT0 = ChainFixture.EXIT0;
    static final byte[] SETUP = ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 0, CODE,
            List.of("x".getBytes()), List.of(EXIT0), 3_000, List.of(ContractTransactions.address(BOB))), ALICE);
    static final TxHash EXECUTION = ContractTransactions.hash(SETUP);

    @FuzzTest(maxDuration = "30s")
    void signedTransactions(byte[] input) throws Exception {
        ContractRequest request = null;
        try {
            request = ContractTransactions.decode(input);
        } catch (InvalidTransactionException e) {
            assertNotNull(e.getMessage());
        }
        if (request != null) {
            assertEquals(ContractTransactions.hash(input), request.txHash());
            assertEquals(request.txHash(), ContractTransactions.decode(input).txHash());
            assertEquals(request.sender(), ContractTransactions.decode(input).sender());
        }
        // the chain's per-transaction cap keeps a Resume of loop_forever with a huge budget from
        // running for ever (the first finding of this target: without a cap it hangs the node's thread)
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            assertInstanceOf(Receipt.Suspended.class, f.one(SETUP));
            ChainHead before = f.executor.head();
            Receipt receipt = f.one(input);
            assertNotNull(receipt);
            if (request == null) {
                assertInstanceOf(Receipt.Rejected.class, receipt);
            }
            if (receipt instanceof Receipt.Rejected) {
                assertArrayEquals(before.commitmentRoot(), f.executor.head().commitmentRoot(),
                        "a rejected transaction changes nothing");
            } else {
                assertTrue(receipt.gasUsed() >= ChainFixture.SPEC.intrinsicCycles(), "an executed transaction is charged");
            }
        }
    }

    /** {@code -Dckbvm.fuzz.writeSeeds=true}: signed Calls, Resumes and Cancels by the owner, the controller and a stranger. */
    @Test
    @EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/ckbvm/chain/TransactionFuzzTestInputs/signedTransactions");
        Files.createDirectories(dir);
        Files.write(dir.resolve("call-loop"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 0, CODE,
                List.of(), List.of(), 1_000, List.of()), EVE));
        Files.write(dir.resolve("call-exit0"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 0, EXIT0,
                List.of("a".getBytes(), new byte[0]), List.of(CODE, EXIT0), 1_000_000,
                List.of(ContractTransactions.address(ALICE))), BOB));
        Files.write(dir.resolve("call-other-chain"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN + 1, 0,
                EXIT0, List.of(), List.of(), 10_000, List.of()), BOB));
        Files.write(dir.resolve("resume-owner"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 1, EXECUTION, 2_000), ALICE));
        Files.write(dir.resolve("resume-controller"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 0, EXECUTION, Long.MAX_VALUE), BOB));
        Files.write(dir.resolve("resume-controller-capped"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 0, EXECUTION, 1_999_999), BOB));
        Files.write(dir.resolve("resume-stranger"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 0, EXECUTION, 2_000), EVE));
        Files.write(dir.resolve("cancel-owner"), ContractTransactions.sign(
                new TransactionDraft.Cancel(CHAIN, 1, EXECUTION), ALICE));
        Files.write(dir.resolve("cancel-stranger"), ContractTransactions.sign(
                new TransactionDraft.Cancel(CHAIN, 0, EXECUTION), EVE));
        Files.write(dir.resolve("replay-setup"), SETUP);
    }
}
