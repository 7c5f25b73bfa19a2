package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ckbvm.TestVectors;
import org.ckbvm.crash.CrashStates;
import org.ckbvm.crash.FsRecorder;
import org.ckbvm.machine.RunResult;
import org.ckbvm.suspension.ResumedExecution;
import org.ckbvm.suspension.StoreResumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power-loss durability: no acknowledged suspension is lost when unsynced writes vanish.
 *
 * <p>{@link PowerLossWorkload} runs in a child JVM under {@code fsrecord.c} (testkit), which
 * logs every file-system call on the store folder and every acknowledgement; {@link CrashStates}
 * builds, at sync points and between them, the folders a power cut could leave (synced data,
 * plus some of the unsynced writes, in order or reordered, the last one torn at 4 KiB; new names
 * and renames only once their folder is synced). Each must open (a store whose creation was never
 * acknowledged may instead say its creation was interrupted, and then open empty), verify clean,
 * hold every execution acknowledged before the crash point, with the exact snapshot, resuming to
 * the state root of an uninterrupted run; an operation in flight is whole or absent. Export files
 * (written beside the store, recorded too) acknowledged before the point are there and whole, and
 * an acknowledged store keeps its folder and its version file.
 *
 * <p>In {@code mvn verify}: {@code -Dckbvm.powerloss.runs=1} workload of
 * {@code -Dckbvm.powerloss.ops=60} operations, {@code -Dckbvm.powerloss.states=300} states per run.
 * The soak (thousands of states; the seed is printed, and named on failure):
 * {@code mvn -pl runtime/plugin -am test -Dtest=StorePowerLossTest -Dckbvm.powerloss.runs=10 -Dckbvm.powerloss.ops=120 -Dckbvm.powerloss.states=600 -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dckbvm.powerloss.seed=N} to repeat a seed). Needs gcc: a machine without it fails here.
 */
class StorePowerLossTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private final StoreFixtures fx = new StoreFixtures();
    private final Map<Integer, byte[]> finalRoots = new HashMap<>();
    private long ackedVerified;
    private long exportsVerified;

    @Test
    void everyAcknowledgedExecutionSurvivesEveryCrashState() throws Exception {
        int runs = Integer.getInteger("ckbvm.powerloss.runs", 1);
        int ops = Integer.getInteger("ckbvm.powerloss.ops", 60);
        int budget = Integer.getInteger("ckbvm.powerloss.states", 300);
        long seed = Long.getLong("ckbvm.powerloss.seed", System.nanoTime());
        System.out.println("power-loss test: seed " + seed);
        int states = 0;
        int syncs = 0;
        for (int run = 0; run < runs; run++) {
            long runSeed = seed + run;
            Path work = Files.createDirectories(dir.resolve("run-" + run));
            FsRecorder.Recording rec = FsRecorder.record(work, PowerLossWorkload.class.getName(),
                    List.of(Long.toString(runSeed), Integer.toString(ops)),
                    List.of("-Dckbvm.testvectors=" + TestVectors.root()), 300);
            syncs += (int) rec.trace().stream().filter(o -> o instanceof org.ckbvm.crash.FsTrace.Sync).count();
            states += CrashStates.explore(rec, work, runSeed, budget, 0.25, this::check);
            FsRecorder.deleteTree(work);
        }
        System.out.printf("power-loss test: %d runs, %d sync points, %d crash states, %d acknowledged executions"
                + " and %d acknowledged export files verified, seed %d%n", runs, syncs, states, ackedVerified, exportsVerified, seed);
        assertTrue(ackedVerified > 0, "no acknowledged execution was checked: the test tested nothing");
    }

    private void check(CrashStates.State state) throws Exception {
        Expected expected = Expected.from(state.markers());
        Path root = state.root();
        exportsVerified += checkExports(root, expected);
        if (expected.created) {
            assertTrue(Files.isDirectory(root), "the folder of an acknowledged store");
            // read before RocksDB opens anything (STORE_FORMAT.md): it must survive as the store does
            assertTrue(Files.exists(root.resolve(StoreLayout.VERSION_FILE)), "the version file of an acknowledged store");
        }
        if (!expected.created && !Files.exists(root)) {
            return; // the power went before the store folder was durable: nothing was promised
        }
        SnapshotStore store;
        try {
            store = StoreResumer.open(root, StoreConfig.defaults().withCreateIfMissing(false).withBlockCacheBytes(4 << 20));
        } catch (StoreException e) {
            boolean empty;
            try (java.util.stream.Stream<Path> entries = Files.list(root)) {
                empty = entries.findAny().isEmpty();
            }
            boolean saysInterrupted = e.error() instanceof StoreError.NoStore no
                    && no.path().endsWith("(creation was interrupted; it holds nothing)");
            if (expected.created || !(saysInterrupted || empty && e.error() instanceof StoreError.NoStore)) {
                throw e;
            }
            // an unfinished creation: it must say so, then open as empty
            store = StoreResumer.open(root, StoreConfig.defaults().withBlockCacheBytes(4 << 20));
            try (SnapshotStore s = store) {
                assertEquals(0, s.list(Optional.empty()).entries().size(), "an interrupted creation holds nothing");
            }
            return;
        }
        try (SnapshotStore s = store) {
            VerifyReport report = s.verify();
            assertEquals(0, report.failed(), () -> "verify: " + report);
            assertTrue(report.problems().isEmpty(), () -> "verify: " + report);
            assertEquals(0, report.quarantined(), "nothing is corrupt after a power cut");
            for (ExecutionSummary e : s.list(Optional.empty()).entries()) {
                assertTrue(expected.allowed.containsKey(slotOf(e.tx())), "an execution no one wrote: " + e.tx());
            }
            for (Map.Entry<Integer, Set<String>> slot : expected.allowed.entrySet()) {
                checkSlot(s, slot.getKey(), slot.getValue(), expected);
            }
        }
    }

    /** Every acknowledged export file is there and whole; any other one (in flight) is whole or absent. */
    private static int checkExports(Path root, Expected expected) throws Exception {
        Path folder = root.resolveSibling("exports");
        for (Map.Entry<Integer, String> e : expected.exports.entrySet()) {
            assertTrue(Files.exists(PowerLossWorkload.exportFile(root, e.getKey())), "acknowledged export " + e.getKey());
        }
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".ckbvm") && name.endsWith(".tmp")) {
                    continue; // a temporary file DurableFiles had not renamed yet
                }
                ExportFile.Contents contents = ExportFile.decode(Files.readAllBytes(file));
                String digest = HEX.formatHex(org.ckbvm.hash.CkbHash.hash(contents.snapshot()));
                int n = Integer.parseInt(name.substring("export-".length(), name.length() - ".bin".length()));
                String acked = expected.exports.get(n);
                assertTrue(acked == null || acked.equals(digest), name + " holds " + digest + ", acknowledged " + acked);
            }
        }
        return expected.exports.size();
    }

    private void checkSlot(SnapshotStore s, int slot, Set<String> allowed, Expected expected) throws Exception {
        Optional<ResumedExecution> got = StoreResumer.resume(s, PowerLossWorkload.tx(slot), x -> x.header().toConfig(), x -> { }, List.of());
        String state = got.map(r -> HEX.formatHex(r.stored().snapshotDigest())).orElse("-");
        assertTrue(allowed.contains(state), "slot " + slot + " holds " + state + ", allowed " + allowed);
        if (got.isPresent()) {
            // the exact snapshot put (its digest), and it finishes as an uninterrupted run does
            assertEquals(state, PowerLossWorkload.digest(got.get().stored().snapshot()));
            int rounds = expected.rounds.get(state);
            RunResult end = got.get().machine().run(-1L);
            assertEquals(new RunResult.Exited(0), end, "slot " + slot);
            assertArrayEquals(finalRoot(rounds), got.get().machine().stateRoot(), "slot " + slot + ": the state root");
            if (allowed.size() == 1) {
                ackedVerified++;
            }
        }
    }

    private byte[] finalRoot(int rounds) {
        return finalRoots.computeIfAbsent(rounds, fx::finalRoot);
    }

    private static int slotOf(org.ckbvm.plugin.api.TxHash tx) {
        for (int slot = 0; slot < PowerLossWorkload.SLOTS; slot++) {
            if (PowerLossWorkload.tx(slot).equals(tx)) {
                return slot;
            }
        }
        return -1;
    }

    /** What the markers before a crash point promise: per slot, the states it may be in ("-" = absent). */
    private static final class Expected {
        boolean created;
        final Map<Integer, Set<String>> allowed = new HashMap<>();
        final Map<String, Integer> rounds = new HashMap<>();
        /** Acknowledged exports: file number to the snapshot digest it holds. */
        final Map<Integer, String> exports = new HashMap<>();

        static Expected from(List<String> markers) {
            Expected x = new Expected();
            String inFlight = null;
            for (String line : markers) {
                if (line.startsWith("B ")) {
                    if (inFlight != null) {
                        fail("two operations announced without an acknowledgement: " + inFlight + " / " + line);
                    }
                    inFlight = line.substring(2);
                } else if (line.equals("A")) {
                    x.apply(inFlight, true);
                    inFlight = null;
                } else {
                    fail("unknown marker " + line);
                }
            }
            if (inFlight != null) {
                x.apply(inFlight, false);
            }
            return x;
        }

        /** An acknowledged operation fixes its slots' states; one in flight adds its outcome to them. */
        private void apply(String op, boolean acked) {
            String[] w = op.split(" ");
            switch (w[0]) {
                case "open" -> created |= acked;
                case "reopen" -> { }
                case "export" -> {
                    if (acked) {
                        exports.put(Integer.parseInt(w[2]), w[3]);
                    }
                }
                case "put" -> {
                    rounds.put(w[2], Integer.parseInt(w[3]));
                    outcome(Integer.parseInt(w[1]), w[2], acked);
                }
                case "del" -> outcome(Integer.parseInt(w[1]), "-", acked);
                case "prune" -> {
                    if (!w[1].equals("-")) {
                        for (String slot : w[1].split(",")) {
                            outcome(Integer.parseInt(slot), "-", acked);
                        }
                    }
                }
                default -> fail("unknown operation " + op);
            }
        }

        private void outcome(int slot, String state, boolean acked) {
            Set<String> now = allowed.computeIfAbsent(slot, k -> new LinkedHashSet<>(List.of("-")));
            if (acked) {
                now.clear();
            }
            now.add(state);
        }
    }
}
