package org.ckbvm.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/** Contract transactions paid in segments, against an in-memory ledger. */
class ContractExecutorTest {
    static final long CHAIN = 7;
    static final ECKeyPair OWNER = ECKeyPair.create(BigInteger.valueOf(101));
    static final ECKeyPair CONTROLLER = ECKeyPair.create(BigInteger.valueOf(202));
    static final ECKeyPair STRANGER = ECKeyPair.create(BigInteger.valueOf(303));

    private InMemoryDataSource blobs;
    private SourceId program;
    private List<SourceId> sources;
    private ExecutorService pool;
    private ContractExecutor executor;
    private long nonce;

    @BeforeEach
    void setUp() throws Exception {
        blobs = new InMemoryDataSource();
        program = blobs.add(Files.readAllBytes(TestVectors.elf("load_blob")));
        sources = List.of(blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin"))),
                blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin"))));
        pool = Executors.newFixedThreadPool(2);
        executor = new ContractExecutor(CHAIN, MachineConfig.defaults(), blobs, new InMemoryExecutionLedger(), pool, m -> { });
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private byte[] call(ECKeyPair who, long budget, List<byte[]> args) {
        return ContractTransactions.sign(new TransactionDraft.Call(CHAIN, nonce++, program, args, sources, budget,
                List.of(ContractTransactions.address(CONTROLLER))), who);
    }

    private byte[] resume(ECKeyPair who, TxHash execution, long budget) {
        return ContractTransactions.sign(new TransactionDraft.Resume(CHAIN, nonce++, execution, budget), who);
    }

    /** The uninterrupted run the segments must match. */
    private SuspendableMachine oneShot(List<byte[]> args) {
        SuspendableMachine sm = SuspendableMachine.boot(MachineConfig.defaults(), blobs, program, sources, args,
                m -> { }, List.of(new org.ckbvm.syscall.TransactionSyscalls(new byte[32], new byte[0])));
        assertEquals(new RunResult.Exited(0), sm.run(-1L));
        return sm;
    }

    @Test
    void segmentsPaidByOwnerAndControllerEndInTheOneShotState() {
        SuspendableMachine reference = oneShot(List.of());
        Receipt first = executor.submit(call(OWNER, 1_000_000, List.of()), 10);
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, first);
        TxHash execution = s.execution();
        assertEquals(first.txHash(), execution);
        long total = s.totalCycles();
        int segments = 1;
        boolean byController = false;
        Receipt last = s;
        while (last instanceof Receipt.Suspended) {
            last = executor.submit(resume(byController ? CONTROLLER : OWNER, execution, 700_000), 11);
            byController = !byController;
            segments++;
            assertTrue(last.segmentCycles() <= 700_000);
            assertEquals(total + last.segmentCycles(), last.totalCycles());
            total = last.totalCycles();
        }
        Receipt.Completed done = assertInstanceOf(Receipt.Completed.class, last);
        assertEquals(reference.machine().cycles(), done.totalCycles());
        assertArrayEquals(reference.stateRoot(), done.stateRoot(), "same final state as one uninterrupted run");
        assertEquals(segments, done.segments());
        assertTrue(executor.suspended(execution).isEmpty(), "the suspended entry is removed");
    }

    @Test
    void aStrangerIsRefusedAndNothingChanges() {
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, executor.submit(call(OWNER, 1_000_000, List.of()), 1));
        Receipt refused = executor.submit(resume(STRANGER, s.execution(), 10_000_000), 2);
        assertInstanceOf(ExecutionError.Unauthorized.class, assertInstanceOf(Receipt.Failed.class, refused).error());
        Receipt.Suspended still = executor.suspended(s.execution()).orElseThrow();
        assertEquals(s.totalCycles(), still.totalCycles());
        assertArrayEquals(s.stateRoot(), still.stateRoot());
        byte[] cancel = ContractTransactions.sign(new TransactionDraft.Cancel(CHAIN, nonce++, s.execution()), STRANGER);
        assertInstanceOf(Receipt.Failed.class, executor.submit(cancel, 3));
        assertTrue(executor.suspended(s.execution()).isPresent());
    }

    @Test
    void replaysAreRefused() {
        byte[] tx = call(OWNER, 1_000_000, List.of());
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, executor.submit(tx, 1));
        Receipt again = executor.submit(tx, 2);
        assertEquals(new ExecutionError.Replay(s.txHash()), assertInstanceOf(Receipt.Failed.class, again).error());
        byte[] r = resume(OWNER, s.execution(), 100_000);
        assertInstanceOf(Receipt.Suspended.class, executor.submit(r, 3));
        assertInstanceOf(ExecutionError.Replay.class, assertInstanceOf(Receipt.Failed.class, executor.submit(r, 4)).error());
    }

    @Test
    void aControllerMayCancel() {
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, executor.submit(call(OWNER, 1_000_000, List.of()), 1));
        byte[] cancel = ContractTransactions.sign(new TransactionDraft.Cancel(CHAIN, nonce++, s.execution()), CONTROLLER);
        assertInstanceOf(Receipt.Cancelled.class, executor.submit(cancel, 2));
        assertInstanceOf(ExecutionError.UnknownExecution.class, assertInstanceOf(Receipt.Failed.class,
                executor.submit(resume(OWNER, s.execution(), 1_000_000), 3)).error());
    }

    @Test
    void wrongChainAndGarbageAreInvalid() {
        byte[] other = ContractTransactions.sign(new TransactionDraft.Call(CHAIN + 1, 0, program, List.of(), sources,
                1000, List.of()), OWNER);
        assertInstanceOf(ExecutionError.InvalidTransaction.class, assertInstanceOf(Receipt.Failed.class,
                executor.submit(other, 1)).error());
        assertInstanceOf(ExecutionError.InvalidTransaction.class, assertInstanceOf(Receipt.Failed.class,
                executor.submit(new byte[] {1, 2, 3}, 1)).error());
    }

    @Test
    void independentExecutionsRunInParallelAndEachMatchesItsOneShotRun() throws Exception {
        SuspendableMachine reference = oneShot(List.of("1".getBytes()));
        List<CompletableFuture<Receipt>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(executor.submitAsync(call(i % 2 == 0 ? OWNER : CONTROLLER, 3_000_000, List.of("1".getBytes())), 1));
        }
        for (CompletableFuture<Receipt> f : starts) {
            Receipt r = f.get();
            while (r instanceof Receipt.Suspended s) {
                // CONTROLLER owns half of the calls and controls the others
                r = executor.submitAsync(resume(CONTROLLER, s.execution(), 3_000_000), 2).get();
            }
            Receipt.Completed done = assertInstanceOf(Receipt.Completed.class, r);
            assertEquals(reference.machine().cycles(), done.totalCycles());
            assertArrayEquals(reference.stateRoot(), done.stateRoot());
        }
    }
}
