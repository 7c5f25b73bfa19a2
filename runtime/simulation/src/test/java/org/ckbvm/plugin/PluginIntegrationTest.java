package org.ckbvm.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.TransactionDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;

/**
 * The plugin as a node sees it: found only through ServiceLoader, with the embedded RocksDB
 * store, several contracts, senders and budgets, a stranger's refused resume, a replay, a stop and
 * start between segments, and parallel execution; every completed execution must equal its
 * one-shot run (cycles and state root).
 */
class PluginIntegrationTest {
    static final long CHAIN = 9;
    static final ECKeyPair ALICE = ECKeyPair.create(BigInteger.valueOf(11));
    static final ECKeyPair BOB = ECKeyPair.create(BigInteger.valueOf(22));
    static final ECKeyPair MALLORY = ECKeyPair.create(BigInteger.valueOf(33));

    @TempDir
    Path store;

    private final java.util.Map<org.ckbvm.plugin.api.Address, Long> nonces = new java.util.HashMap<>();

    /** Nonces in order per sender (every transaction here is executed, so each consumes its nonce). */
    private long nonce(ECKeyPair who) {
        return nonces.merge(ContractTransactions.address(who), 1L, Long::sum) - 1;
    }

    private record Contract(SourceId code, List<byte[]> args, List<SourceId> sources) {}

    private static SuspendableMachine oneShot(DataSource blobs, Contract c) {
        SuspendableMachine sm = SuspendableMachine.boot(MachineConfig.defaults(), blobs, c.code(), c.sources(), c.args(),
                m -> { }, List.of());
        assertEquals(new RunResult.Exited(0), sm.run(-1L));
        return sm;
    }

    private byte[] call(ECKeyPair who, Contract c, long budget, ECKeyPair... controllers) {
        List<org.ckbvm.plugin.api.Address> ctl = new ArrayList<>();
        for (ECKeyPair k : controllers) {
            ctl.add(ContractTransactions.address(k));
        }
        return ContractTransactions.sign(new TransactionDraft.Call(CHAIN, nonce(who), c.code(), c.args(), c.sources(),
                budget, ctl), who);
    }

    private byte[] resume(ECKeyPair who, TxHash execution, long budget) {
        return ContractTransactions.sign(new TransactionDraft.Resume(CHAIN, nonce(who), execution, budget), who);
    }

    @Test
    void aScenarioThroughServiceLoaderEndsInTheOneShotStates() throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        Contract hash = new Contract(blobs.add(Files.readAllBytes(TestVectors.elf("sha256"))),
                List.of("200".getBytes()), List.of());
        Contract load = new Contract(blobs.add(Files.readAllBytes(TestVectors.elf("load_blob"))), List.of(),
                List.of(blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin"))),
                        blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin")))));
        Contract sieve = new Contract(blobs.add(Files.readAllBytes(TestVectors.elf("sieve"))), List.of(), List.of());

        ReferenceHost host = new ReferenceHost()
                .offer(DataSource.class, blobs)
                .offer(ChainSpec.class, ChainSpec.defaults().withChainId(CHAIN))
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(store)
                        .withExecutionThreads(3));
        ExecutionPlugin plugin = ReferenceHost.discover("ckbvm");
        assertEquals(CkbVmPlugin.class, plugin.getClass());
        plugin.register(host);
        plugin.start();
        ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();

        byte[] sieveCall = call(MALLORY, sieve, 400_000);
        List<Receipt> first = BlockProducer.next(service, List.of(call(ALICE, hash, 300_000, BOB),
                call(BOB, load, 1_500_000), sieveCall)).receipts();
        Receipt.Suspended h = assertInstanceOf(Receipt.Suspended.class, first.get(0));
        Receipt.Suspended l = assertInstanceOf(Receipt.Suspended.class, first.get(1));
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, first.get(2));

        // a stranger cannot resume Alice's execution, and nothing changes; a replay is rejected
        List<Receipt> second = BlockProducer.next(service, List.of(resume(MALLORY, h.execution(), 1_000_000),
                sieveCall)).receipts();
        assertInstanceOf(ExecutionError.Unauthorized.class, assertInstanceOf(Receipt.Failed.class, second.get(0)).error());
        assertEquals(h.totalCycles(), service.suspended(h.execution()).orElseThrow().totalCycles());
        assertInstanceOf(ExecutionError.NonceMismatch.class,
                assertInstanceOf(Receipt.Rejected.class, second.get(1)).error());

        // Bob (a controller) pays one more segment of Alice's execution
        Receipt.Suspended h2 = assertInstanceOf(Receipt.Suspended.class,
                BlockProducer.next(service, List.of(resume(BOB, h.execution(), 300_000))).receipts().get(0));
        assertEquals(2, h2.segments());

        // the node restarts between segments: the store is the truth
        plugin.stop();
        plugin.stop(); // idempotent
        plugin.start();
        service = host.service(ContractExecutionService.class).orElseThrow();
        assertEquals(h2.totalCycles(), service.suspended(h.execution()).orElseThrow().totalCycles());
        assertEquals(3, service.head().number(), "the plugin says where the chain state is");

        // the three executions continue in the same blocks (in parallel), each in budgets of its own
        List<TxHash> executions = List.of(h.execution(), l.execution(), s.execution());
        List<ECKeyPair> payers = List.of(ALICE, BOB, MALLORY);
        List<Receipt> last = new ArrayList<>(List.of(h2, l, s));
        while (last.stream().anyMatch(r -> r instanceof Receipt.Suspended)) {
            List<byte[]> block = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (last.get(i) instanceof Receipt.Suspended) {
                    block.add(resume(payers.get(i), executions.get(i), 700_000));
                    which.add(i);
                }
            }
            List<Receipt> receipts = BlockProducer.next(service, block).receipts();
            for (int k = 0; k < which.size(); k++) {
                last.set(which.get(k), receipts.get(k));
            }
        }
        plugin.stop();

        List<Contract> contracts = List.of(hash, load, sieve);
        for (int i = 0; i < 3; i++) {
            Receipt.Completed done = assertInstanceOf(Receipt.Completed.class, last.get(i));
            SuspendableMachine reference = oneShot(blobs, contracts.get(i));
            assertEquals(reference.machine().cycles(), done.totalCycles(), "cycles of execution " + i);
            assertArrayEquals(reference.stateRoot(), done.stateRoot(), "state root of execution " + i);
            assertTrue(done.segments() > 1);
        }
    }
}
