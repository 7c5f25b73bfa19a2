package org.ckbvm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.ExecutionLimits;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.web3j.crypto.ECKeyPair;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of contract transactions: mutated RLP, signatures, hashes and fields.
 * {@link ContractTransactions#decode} either refuses with {@link InvalidTransactionException} or
 * returns a request whose hash is Keccak-256 of exactly the input, and which decodes again to the
 * same request. Every input is then submitted to a fresh executor that already holds one
 * suspended execution (a Call of {@code loop_forever} by Alice with Bob as controller), so
 * Resume and Cancel reach the ledger: {@link ContractExecutor#submit} returns a receipt, never
 * throws.
 *
 * <p>Regression inputs: {@code src/test/resources/org/ckbvm/plugin/TransactionFuzzTestInputs/}.
 */
class TransactionFuzzTest {
    static final long CHAIN = 7;
    static final ECKeyPair ALICE = ECKeyPair.create(BigInteger.valueOf(0xA11CE));
    static final ECKeyPair BOB = ECKeyPair.create(BigInteger.valueOf(0xB0B));
    static final ECKeyPair EVE = ECKeyPair.create(BigInteger.valueOf(0xE7E));
    private static final InMemoryDataSource BLOBS = new InMemoryDataSource();
    static final SourceId CODE;
    static final SourceId EXIT0;
    static final byte[] SETUP;
    static final TxHash EXECUTION;
    static final ExecutionLimits LIMITS = ExecutionLimits.defaults().withMaxCyclesPerSegment(200_000)
            .withMaxCyclesPerExecution(1_000_000);

    static {
        try {
            CODE = BLOBS.add(Files.readAllBytes(TestVectors.elf("loop_forever")));
            EXIT0 = BLOBS.add(Files.readAllBytes(TestVectors.elf("exit0")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SETUP = ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 0, CODE, List.of("x".getBytes()),
                List.of(EXIT0), 3_000, List.of(ContractTransactions.address(BOB))), ALICE);
        EXECUTION = ContractTransactions.hash(SETUP);
    }

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
        // the per-segment cap keeps a Resume of loop_forever with a huge budget from running for
        // ever (the first finding of this target: without a cap it hangs the node's thread)
        ContractExecutor executor = new ContractExecutor(CHAIN, MachineConfig.defaults(), BLOBS,
                new InMemoryExecutionLedger(), null, m -> { }, LIMITS);
        assertInstanceOf(Receipt.Suspended.class, executor.submit(SETUP, 1));
        Receipt receipt = executor.submit(input, 2);
        assertNotNull(receipt);
        if (request == null) {
            assertInstanceOf(Receipt.Failed.class, receipt);
        }
    }

    /** {@code -Dckbvm.fuzz.writeSeeds=true}: signed Calls, Resumes and Cancels by the owner, the controller and a stranger. */
    @Test
    @EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/ckbvm/plugin/TransactionFuzzTestInputs/signedTransactions");
        Files.createDirectories(dir);
        Files.write(dir.resolve("call-loop"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 1, CODE,
                List.of(), List.of(), 1_000, List.of()), EVE));
        Files.write(dir.resolve("call-exit0"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 1, EXIT0,
                List.of("a".getBytes(), new byte[0]), List.of(CODE, EXIT0), 1_000_000,
                List.of(ContractTransactions.address(ALICE))), BOB));
        Files.write(dir.resolve("call-other-chain"), ContractTransactions.sign(new TransactionDraft.Call(CHAIN + 1, 1,
                EXIT0, List.of(), List.of(), 10_000, List.of()), BOB));
        Files.write(dir.resolve("resume-owner"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 2, EXECUTION, 2_000), ALICE));
        Files.write(dir.resolve("resume-controller"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 2, EXECUTION, Long.MAX_VALUE), BOB));
        Files.write(dir.resolve("resume-stranger"), ContractTransactions.sign(
                new TransactionDraft.Resume(CHAIN, 2, EXECUTION, 2_000), EVE));
        Files.write(dir.resolve("cancel-owner"), ContractTransactions.sign(
                new TransactionDraft.Cancel(CHAIN, 3, EXECUTION), ALICE));
        Files.write(dir.resolve("cancel-stranger"), ContractTransactions.sign(
                new TransactionDraft.Cancel(CHAIN, 3, EXECUTION), EVE));
        Files.write(dir.resolve("replay-setup"), SETUP);
    }
}
