package org.ckbvm.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.ExecutionLimits;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.PluginContext;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;

/**
 * Every operator limit of {@link ExecutionLimits}: refused with {@link ExecutionError.LimitExceeded}
 * naming the limit, and nothing that was stored before is lost or changed.
 */
class ExecutionLimitsTest {
    static final long CHAIN = 7;
    static final ECKeyPair ALICE = ECKeyPair.create(BigInteger.valueOf(0xA11CE));
    static final ECKeyPair BOB = ECKeyPair.create(BigInteger.valueOf(0xB0B));

    private InMemoryDataSource blobs;
    private SourceId loop;
    private SourceId exit0;
    private long nonce;

    @BeforeEach
    void setUp() throws Exception {
        blobs = new InMemoryDataSource();
        loop = blobs.add(Files.readAllBytes(TestVectors.elf("loop_forever")));
        exit0 = blobs.add(Files.readAllBytes(TestVectors.elf("exit0")));
    }

    private ContractExecutor executor(ExecutionLedger ledger, ExecutionLimits limits) {
        return new ContractExecutor(CHAIN, MachineConfig.defaults(), blobs, ledger, null, m -> { }, limits);
    }

    private byte[] call(ECKeyPair who, SourceId code, long budget, List<SourceId> sources) {
        return ContractTransactions.sign(new TransactionDraft.Call(CHAIN, nonce++, code, List.of(), sources, budget,
                List.of()), who);
    }

    private byte[] resume(ECKeyPair who, TxHash execution, long budget) {
        return ContractTransactions.sign(new TransactionDraft.Resume(CHAIN, nonce++, execution, budget), who);
    }

    private static ExecutionError.LimitExceeded limit(Receipt r, String name) {
        Receipt.Failed f = assertInstanceOf(Receipt.Failed.class, r);
        ExecutionError.LimitExceeded l = assertInstanceOf(ExecutionError.LimitExceeded.class, f.error());
        assertEquals(name, l.limit(), l.message());
        return l;
    }

    @Test
    void maxMemoryRefusesALargerMachineAtStart() {
        ExecutionLimits limits = ExecutionLimits.defaults().withMaxMemoryBytes(1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> executor(new InMemoryExecutionLedger(), limits));
        assertTrue(e.getMessage().startsWith("max memory"), e.getMessage());
        CkbVmPlugin plugin = new CkbVmPlugin((c, d) -> new InMemoryExecutionLedger());
        plugin.register(context(Map.of(org.ckbvm.plugin.api.DataSource.class, blobs, ExecutionLimits.class, limits)));
        IllegalStateException s = assertThrows(IllegalStateException.class, plugin::start);
        assertTrue(s.getMessage().startsWith("max memory"), s.getMessage());
    }

    @Test
    void maxCyclesPerSegmentRefusesALargerBudgetBeforeRunning() throws Exception {
        InMemoryExecutionLedger ledger = new InMemoryExecutionLedger();
        ContractExecutor ex = executor(ledger, ExecutionLimits.defaults().withMaxCyclesPerSegment(50_000));
        byte[] big = call(ALICE, loop, 50_001, List.of());
        Receipt r = ex.submit(big, 1);
        limit(r, "max cycles per segment");
        assertEquals(0, r.segmentCycles());
        assertTrue(!ledger.executed(ContractTransactions.hash(big)), "a refused Call is not recorded");
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, ex.submit(call(ALICE, loop, 50_000, List.of()), 1));
        limit(ex.submit(resume(ALICE, s.execution(), Long.MAX_VALUE), 2), "max cycles per segment");
        assertEquals(s.totalCycles(), ex.suspended(s.execution()).orElseThrow().totalCycles(), "unchanged");
    }

    @Test
    void maxCyclesPerExecutionStopsAndRemovesTheExecution() {
        InMemoryExecutionLedger ledger = new InMemoryExecutionLedger();
        ContractExecutor ex = executor(ledger, ExecutionLimits.defaults().withMaxCyclesPerExecution(25_000));
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, ex.submit(call(ALICE, loop, 10_000, List.of()), 1));
        assertInstanceOf(Receipt.Suspended.class, ex.submit(resume(ALICE, s.execution(), 10_000), 2));
        Receipt r = ex.submit(resume(ALICE, s.execution(), 10_000), 3);
        limit(r, "max cycles per execution");
        assertTrue(r.totalCycles() <= 25_000, "total " + r.totalCycles());
        assertTrue(ex.suspended(s.execution()).isEmpty(), "the capped execution is removed");
        // a Call whose own budget reaches the cap fails the same way
        limit(ex.submit(call(BOB, loop, 30_000, List.of()), 4), "max cycles per execution");
    }

    @Test
    void maxSnapshotSizeRefusesTheSuspensionAndKeepsTheStoredState() {
        InMemoryExecutionLedger ledger = new InMemoryExecutionLedger();
        ContractExecutor open = executor(ledger, ExecutionLimits.unlimited());
        ContractExecutor tight = executor(ledger, ExecutionLimits.defaults().withMaxSnapshotBytes(200));
        // a new execution: nothing stored
        Receipt r = tight.submit(call(ALICE, loop, 10_000, List.of()), 1);
        limit(r, "max snapshot size");
        assertTrue(ledger.suspendedBy(ContractTransactions.address(ALICE)) == 0);
        // an existing one: the Resume is refused and the execution stays exactly as it was
        Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, open.submit(call(ALICE, loop, 10_000, List.of()), 2));
        Receipt refused = tight.submit(resume(ALICE, s.execution(), 10_000), 3);
        limit(refused, "max snapshot size");
        assertEquals(0, refused.segmentCycles());
        Receipt.Suspended still = open.suspended(s.execution()).orElseThrow();
        assertEquals(s.totalCycles(), still.totalCycles());
        assertArrayEquals(s.stateRoot(), still.stateRoot());
        assertInstanceOf(Receipt.Suspended.class, open.submit(resume(ALICE, s.execution(), 10_000), 4));
    }

    @Test
    void maxSourceBlobSizeRefusesBeforeRunning() {
        byte[] big = new byte[70_000];
        SourceId data = blobs.add(big);
        ContractExecutor ex = executor(new InMemoryExecutionLedger(),
                ExecutionLimits.defaults().withMaxSourceBlobBytes(65_536));
        Receipt r = ex.submit(call(ALICE, exit0, 100_000, List.of(data)), 1);
        ExecutionError.LimitExceeded l = limit(r, "max source blob size");
        assertTrue(l.detail().contains("70000"), l.detail());
        assertEquals(0, r.segmentCycles());
        assertInstanceOf(Receipt.Completed.class, ex.submit(call(ALICE, exit0, 100_000, List.of()), 2));
    }

    @Test
    void maxSuspendedPerSenderRefusesANewSuspension() {
        InMemoryExecutionLedger ledger = new InMemoryExecutionLedger();
        ContractExecutor ex = executor(ledger, ExecutionLimits.defaults().withMaxSuspendedPerSender(2));
        Receipt.Suspended first = assertInstanceOf(Receipt.Suspended.class, ex.submit(call(ALICE, loop, 5_000, List.of()), 1));
        assertInstanceOf(Receipt.Suspended.class, ex.submit(call(ALICE, loop, 5_000, List.of()), 1));
        limit(ex.submit(call(ALICE, loop, 5_000, List.of()), 1), "max suspended executions per sender");
        assertInstanceOf(Receipt.Suspended.class, ex.submit(call(BOB, loop, 5_000, List.of()), 1), "others are not limited");
        // resuming an existing one is not a new suspension
        assertInstanceOf(Receipt.Suspended.class, ex.submit(resume(ALICE, first.execution(), 5_000), 2));
        assertInstanceOf(Receipt.Cancelled.class, ex.submit(ContractTransactions.sign(
                new TransactionDraft.Cancel(CHAIN, nonce++, first.execution()), ALICE), 3));
        assertInstanceOf(Receipt.Suspended.class, ex.submit(call(ALICE, loop, 5_000, List.of()), 4));
    }

    @Test
    void maxStoreSizeRefusesNewSuspensionsAndLosesNothing(@TempDir Path dir) throws Exception {
        PluginConfiguration config = PluginConfiguration.defaults().withChainId(CHAIN).withStoreFolder(dir);
        Receipt.Suspended s;
        try (ExecutionLedger ledger = StoreExecutionLedger.open(config, ExecutionLimits.unlimited(), blobs)) {
            s = assertInstanceOf(Receipt.Suspended.class,
                    executor(ledger, ExecutionLimits.unlimited()).submit(call(ALICE, loop, 10_000, List.of()), 1));
        }
        long live;
        try (SnapshotStore store = SnapshotStore.open(dir, StoreConfig.defaults())) {
            live = store.liveBytes();
        }
        ExecutionLimits limits = ExecutionLimits.defaults().withMaxStoreBytes(live + 100);
        try (ExecutionLedger ledger = StoreExecutionLedger.open(config, limits, blobs)) {
            ContractExecutor ex = executor(ledger, limits);
            limit(ex.submit(call(BOB, loop, 10_000, List.of()), 2), "max store size");
            // the stored execution is intact and still resumes (its replacement is no larger)
            assertArrayEquals(s.stateRoot(), ex.suspended(s.execution()).orElseThrow().stateRoot());
            assertInstanceOf(Receipt.Suspended.class, ex.submit(resume(ALICE, s.execution(), 10_000), 3));
        }
    }

    @Test
    void thePluginTakesLimitsAsAService(@TempDir Path dir) {
        ExecutionLimits limits = ExecutionLimits.defaults().withMaxCyclesPerSegment(1_000);
        CkbVmPlugin plugin = new CkbVmPlugin();
        PluginConfiguration config = PluginConfiguration.defaults().withChainId(CHAIN).withStoreFolder(dir);
        PluginContext context = context(Map.of(org.ckbvm.plugin.api.DataSource.class, blobs,
                PluginConfiguration.class, config, ExecutionLimits.class, limits));
        plugin.register(context);
        plugin.start();
        try {
            ContractExecutionService service = context.service(ContractExecutionService.class).orElseThrow();
            limit(service.submit(call(ALICE, loop, 1_001, List.of()), 1), "max cycles per segment");
        } finally {
            plugin.stop();
        }
    }

    private static PluginContext context(Map<Class<?>, Object> initial) {
        java.util.concurrent.ConcurrentHashMap<Class<?>, Object> services = new java.util.concurrent.ConcurrentHashMap<>(initial);
        return new PluginContext() {
            @Override
            public <T> Optional<T> service(Class<T> type) {
                return Optional.ofNullable(type.cast(services.get(type)));
            }

            @Override
            public <T> void addService(Class<T> type, T service) {
                services.put(type, service);
            }
        };
    }
}
