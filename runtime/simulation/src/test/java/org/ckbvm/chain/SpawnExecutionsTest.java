package org.ckbvm.chain;

import static org.ckbvm.chain.ChainFixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.RocksChainStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Contracts of several VMs on the chain (issue 17): the spawn programs of
 * {@code testvectors/programs/spawn/expected.json} called on a version-2 fork end with the exit
 * code or error and the cycles ckb-script gives, and paid in segments of any size they end exactly
 * as in one block; their suspended states are whole schedulers ({@link SuspensionRecord.Form#SCHEDULER})
 * in the committed state, survive a restart from RocksDB, move between nodes, and are refused
 * when tampered with.
 */
class SpawnExecutionsTest {
    /** The fixture's chain (version 2 from block 0) with room for spawn_max_vms in one transaction. */
    private static final ChainSpec SPEC = spec(1L << 20);

    @TempDir
    Path dir;

    private static ChainSpec spec(long maxSnapshotBytes) {
        return new ChainSpec(ChainFixture.CHAIN, ChainFixture.SPEC.forks(), 20_000_000, 20_000_000, maxSnapshotBytes,
                1L << 20, 3, 16 << 10, 10_000, 8);
    }

    private static ChainFixture fixture(ChainStore store, Engine engine) {
        return new ChainFixture(SPEC, store, 2, engine, ChainFixture.DATA);
    }

    /** One line of expected.json: program, argv, cell deps and the outcome. */
    private record Expected(String program, List<byte[]> args, List<SourceId> sources, String outcome, long cycles) {
        String label() {
            return program + " " + args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
        }
    }

    private static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(TestVectors.root().resolve("programs/spawn/expected.json").toFile())) {
            List<byte[]> args = new ArrayList<>();
            n.get("args").forEach(a -> args.add(a.asText().getBytes(StandardCharsets.UTF_8)));
            List<SourceId> sources = new ArrayList<>();
            n.get("sources").forEach(s -> sources.add(blob(s.asText())));
            String outcome = n.get("status").asText().equals("exited") ? "exit " + n.get("exit_code").asInt()
                    : "error " + n.get("error").asText();
            out.add(new Expected(n.get("program").asText(), args, sources, outcome, n.get("cycles").asLong()));
        }
        return out;
    }

    private static SourceId blob(String path) {
        try {
            return ChainFixture.DATA.add(Files.readAllBytes(TestVectors.root().resolve(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String outcome(Receipt r) {
        if (r instanceof Receipt.Completed) {
            return "exit 0";
        }
        ExecutionError e = ((Receipt.Failed) r).error();
        if (e instanceof ExecutionError.NonZeroExit n) {
            return "exit " + n.exitCode();
        }
        return "error " + ((ExecutionError.VmFailure) e).kind();
    }

    /**
     * The program paid in segments of {@code budget} (first) and random sizes after: every receipt;
     * the form each suspension was stored in goes to {@code forms}. A segment too small for the
     * next step (a trace, or a syscall and its charges, which are never split) runs nothing and is
     * followed by one twice as large, as a user would pay.
     */
    private static List<Receipt> segmented(ChainFixture f, Expected e, long budget, SplittableRandom random,
                                           Set<SuspensionRecord.Form> forms) {
        List<Receipt> receipts = new ArrayList<>();
        Receipt r = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), budget));
        receipts.add(r);
        long next = budget;
        while (r instanceof Receipt.Suspended s) {
            forms.add(f.executor.record(s.execution()).orElseThrow().form());
            next = s.segmentCycles() == 0 ? 2 * next : 1 + random.nextLong(Math.max(2, e.cycles() / 3));
            r = f.one(f.resume(ALICE, s.execution(), next));
            receipts.add(r);
        }
        return receipts;
    }

    @Test
    void everySpawnProgramEndsAsCkbScriptSaysWhateverTheSegments() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        Set<SuspensionRecord.Form> forms = EnumSet.noneOf(SuspensionRecord.Form.class);
        for (Expected e : expected()) {
            Receipt whole;
            try (ChainFixture f = fixture(new MemoryChainStore(), Engine.INTERP)) {
                whole = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), 19_000_000));
            }
            assertEquals(e.outcome(), outcome(whole), e.label());
            assertEquals(e.cycles(), whole.totalCycles(), e.label());
            for (int split = 0; split < 2; split++) {
                try (ChainFixture f = fixture(new MemoryChainStore(), split == 0 ? Engine.INTERP : Engine.JIT)) {
                    List<Receipt> receipts = segmented(f, e, 1 + random.nextLong(e.cycles()), random, forms);
                    Receipt last = receipts.get(receipts.size() - 1);
                    String what = e.label() + " in " + receipts.size() + " segments";
                    assertEquals(e.outcome(), outcome(last), what);
                    assertEquals(whole.totalCycles(), last.totalCycles(), what);
                    if (whole instanceof Receipt.Completed c) {
                        assertArrayEquals(c.stateRoot(), ((Receipt.Completed) last).stateRoot(), what);
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(SuspensionRecord.Form.class), forms, "both stored forms were exercised");
    }

    /** spawn_many paid in small segments: several VMs alive at most stops. */
    private static Expected many() throws IOException {
        return expected().stream().filter(e -> e.program().equals("spawn_many")).findFirst().orElseThrow();
    }

    @Test
    void aSuspendedSchedulerSurvivesARestartAndMovesBetweenNodes() throws Exception {
        Expected e = many();
        long budget = e.cycles() / 5;
        Receipt whole;
        try (ChainFixture f = fixture(new MemoryChainStore(), Engine.INTERP)) {
            whole = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), 19_000_000));
        }
        Path a = dir.resolve("a");
        TxHash execution;
        Receipt r;
        try (ChainFixture f = fixture(RocksChainStore.open(a, true), Engine.INTERP)) {
            r = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), budget));
            execution = assertInstanceOf(Receipt.Suspended.class, r).execution();
            assertEquals(SuspensionRecord.Form.SCHEDULER, f.executor.record(execution).orElseThrow().form());
        }
        ExecutionTransfer.Exported exported;
        byte[] key = execution.bytes();
        byte[] good;
        byte[] bad;
        try (ChainFixture f = fixture(RocksChainStore.open(a, false), Engine.JIT)) {   // reopened: commitment checked
            r = f.one(f.resume(ALICE, execution, budget));
            assertInstanceOf(Receipt.Suspended.class, r);
            exported = ExecutionTransfer.export(CommittedState.open(f.store), execution);
            good = f.store.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow();
            bad = good.clone();
            bad[bad.length - 40] ^= 1;
            // a tampered state (a byte near the end: the last VM's snapshot) cannot be imported
            ExecutionTransfer.RefusedException refused = assertThrows(ExecutionTransfer.RefusedException.class,
                    () -> ExecutionTransfer.importInto(f.store, new ExecutionTransfer.Exported(exported.block(),
                            exported.root(), execution, exported.record(), bad)));
            assertTrue(refused.getMessage().contains("malformed") || refused.getMessage().contains("differ"),
                    refused.getMessage());
            // nor resumed: it is a fault of this node's state, never a receipt
            f.store.restore(new TreeMap<>(Map.of(new ChainKey(ChainStore.Family.SNAPSHOTS, key), bad)));
            NodeFault fault = assertThrows(NodeFault.class, () -> f.one(f.resume(ALICE, execution, budget)));
            assertEquals(NodeFault.Kind.CORRUPT_STATE, fault.kind(), fault.getMessage());
        }
        RocksChainStore repaired = RocksChainStore.open(a, false);
        ExecutionTransfer.importInto(repaired, exported);   // restores exactly what the head block commits to
        assertArrayEquals(good, repaired.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow());
        try (ChainFixture f = fixture(repaired, Engine.INTERP)) {
            while (r instanceof Receipt.Suspended) {
                r = f.one(f.resume(ALICE, execution, budget));
            }
        }
        assertEquals(outcome(whole), outcome(r));
        assertEquals(whole.totalCycles(), r.totalCycles());
        assertArrayEquals(((Receipt.Completed) whole).stateRoot(), ((Receipt.Completed) r).stateRoot());
    }

    @Test
    void everyStateHasOneStoredForm() throws Exception {
        Expected e = many();
        try (ChainFixture f = fixture(new MemoryChainStore(), Engine.INTERP)) {
            Receipt r = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), 100));
            TxHash execution = assertInstanceOf(Receipt.Suspended.class, r).execution();
            SuspensionRecord record = f.executor.record(execution).orElseThrow();
            assertEquals(SuspensionRecord.Form.MACHINE, record.form(), "stopped before its first syscall");
            byte[] stored = f.store.get(ChainStore.Family.SNAPSHOTS, execution.bytes()).orElseThrow();
            SuspendedScript machine = SuspendedScript.decode(SuspensionRecord.Form.MACHINE, stored);
            assertTrue(machine.matches(record));
            // the same state written as a scheduler's is refused: it has one encoding, the snapshot
            byte[] asScheduler = SchedulerStateCodec.encode(machine.state());
            SuspendedScript.MalformedException refused = assertThrows(SuspendedScript.MalformedException.class,
                    () -> SuspendedScript.decode(SuspensionRecord.Form.SCHEDULER, asScheduler));
            assertTrue(refused.getMessage().contains("one machine's"), refused.getMessage());
            assertThrows(SuspendedScript.MalformedException.class,
                    () -> SuspendedScript.decode(SuspensionRecord.Form.MACHINE, asScheduler));
        }
    }

    @Test
    void theSnapshotSizeLimitCoversTheWholeScheduler() throws IOException {
        Expected e = many();
        // one VM's state fits (its dirty stack and data pages), several do not
        try (ChainFixture f = new ChainFixture(spec(12 << 10), new MemoryChainStore(), 1, Engine.INTERP,
                ChainFixture.DATA)) {
            Receipt r = f.one(f.call(ALICE, blob("elf/" + e.program()), e.args(), e.sources(), e.cycles() / 2));
            Receipt.Failed failed = assertInstanceOf(Receipt.Failed.class, r);
            ExecutionError.LimitExceeded limit = assertInstanceOf(ExecutionError.LimitExceeded.class, failed.error());
            assertEquals("max snapshot size", limit.limit());
            assertEquals(0, f.executor.commitment().executionCount());
        }
    }
}
