package org.ckbvm.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ckbvm.crash.CrashStates;
import org.ckbvm.crash.FsRecorder;
import org.ckbvm.crash.FsTrace;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.simulation.ChainFile;
import org.ckbvm.simulation.ChainGenerator;
import org.ckbvm.simulation.ChainPlayer;
import org.ckbvm.store.RocksChainStore;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power-loss durability of committed blocks: a committed block is never lost, an uncommitted
 * one is never half there.
 *
 * <p>{@link ChainPowerLossWorkload} plays a generated chain (blocks, reorgs, reopenings) on a
 * {@link RocksChainStore} in a child JVM under {@code fsrecord.c} (testkit); {@link CrashStates}
 * builds the folders a power cut could leave at sync points and between them. Each must open
 * ({@code RocksChainStore.open(root, false)}, then {@link CommittedState#open}, which recomputes
 * the commitment from every record and account and requires the head block's root), unless the
 * creation was never acknowledged: then it is missing, empty, or says its creation was
 * interrupted, and opens empty. Its canonical chain (every block entry 1..head: hash, commitment
 * root, receipts hash) must be exactly the acknowledged one, or the result of the one commit or
 * rewind in flight, whole. Playing the chain file on from that state ({@link ChainPlayer} resumes
 * at the head) must end with exactly the {@code chain log} of an uninterrupted run (computed once,
 * in memory, on a {@link MemoryChainStore}), so the undo data of every kept block is whole too;
 * that costs most of a state's time, so {@code mvn verify} plays on from every fourth state and
 * from every state holding the operation in flight, the soak from all.
 *
 * <p>In {@code mvn verify} (under a minute on two loaded cores): {@code -Dckbvm.chainpowerloss.runs=1} chain of
 * {@code -Dckbvm.chainpowerloss.blocks=36} blocks, {@code -Dckbvm.chainpowerloss.states=200}
 * crash states per run, {@code -Dckbvm.chainpowerloss.continueEvery=4}. The soak (thousands of
 * states, each played on; the seed is printed, and named on failure):
 * {@code mvn -o -pl runtime/simulation -am test -Dtest=ChainPowerLossTest -Dckbvm.chainpowerloss.runs=8 -Dckbvm.chainpowerloss.blocks=60 -Dckbvm.chainpowerloss.states=400 -Dckbvm.chainpowerloss.continueEvery=1 -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dckbvm.chainpowerloss.seed=N} repeats a seed: run r uses chain and exploration seed
 * N + r, or the next of N + r + k * runs whose chain has a reorg). Needs gcc: a machine without it fails here.
 */
class ChainPowerLossTest {
    @TempDir
    Path dir;

    private long blocksVerified;
    private int continued;
    private int interruptedCreations;
    private int inFlightSeen;

    /** The uninterrupted run of one chain: every block ever committed, by "number hash", and the final log. */
    private record Reference(Map<String, String> committed, List<String> log) {}

    @Test
    void committedBlocksSurviveEveryCrashStateWhole() throws Exception {
        int runs = Integer.getInteger("ckbvm.chainpowerloss.runs", 1);
        int blocks = Integer.getInteger("ckbvm.chainpowerloss.blocks", 36);
        int budget = Integer.getInteger("ckbvm.chainpowerloss.states", 200);
        int every = Integer.getInteger("ckbvm.chainpowerloss.continueEvery", 4);
        long seed = Long.getLong("ckbvm.chainpowerloss.seed", System.nanoTime());
        System.out.println("chain power-loss test: seed " + seed);
        int states = 0;
        int syncs = 0;
        for (int run = 0; run < runs; run++) {
            long runSeed = seedWithReorgs(seed + run, runs, blocks);
            ChainFile chain = ChainGenerator.generate(runSeed, blocks);
            Reference reference = uninterrupted(chain);
            Path work = Files.createDirectories(dir.resolve("run-" + run));
            FsRecorder.Recording rec;
            try {
                rec = FsRecorder.record(work, ChainPowerLossWorkload.class.getName(),
                        List.of(Long.toString(runSeed), Integer.toString(blocks)), List.of(), 300);
            } catch (RuntimeException e) {
                throw new AssertionError("chain seed " + runSeed + ": " + e.getMessage(), e);
            }
            syncs += (int) rec.trace().stream().filter(o -> o instanceof FsTrace.Sync).count();
            states += CrashStates.explore(rec, work, runSeed, budget, 0.25, s -> check(s, chain, reference, every));
            FsRecorder.deleteTree(work);
        }
        System.out.printf("chain power-loss test: %d runs, %d sync points, %d crash states, %d acknowledged blocks"
                + " verified, %d holding the operation in flight, %d interrupted creations, %d played on to the end,"
                + " seed %d%n", runs, syncs, states, blocksVerified, inFlightSeen, interruptedCreations, continued, seed);
        assertTrue(blocksVerified > 0 && continued > 0, "no acknowledged block was checked: the test tested nothing");
    }

    /**
     * The first seed from {@code first} on (in steps of {@code step}, so that runs never share a
     * chain) whose chain has a reorg: about one chain of 36 blocks in twenty has none (a reorg
     * follows about one block in twelve), and a chain without one would leave rewinds untested.
     */
    private static long seedWithReorgs(long first, int step, int blocks) throws Exception {
        for (long s = first; ; s += step) {
            if (ChainGenerator.generate(s, blocks).entries().stream().anyMatch(e -> e instanceof ChainFile.Entry.ReorgTo)) {
                return s;
            }
        }
    }

    private static Reference uninterrupted(ChainFile chain) {
        Map<String, String> committed = new HashMap<>();
        try (ChainNode node = new ChainNode(chain, new MemoryChainStore())) {
            ChainPlayer.Result r = ChainPlayer.play(chain, node.executor, c -> committed.put(
                    c.block().number() + " " + c.block().hash(), ChainNode.line(c.block().number(),
                            c.block().hash().toString(), c.commitmentRoot(), c.receiptsHash())), n -> { });
            assertTrue(r.finished() && r.reorgs() > 0, "the chain has reorgs: " + r);
            return new Reference(committed, ChainNode.log(node.store));
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    private void check(CrashStates.State state, ChainFile chain, Reference reference, int every) throws Exception {
        History expected = History.from(state.markers(), reference);
        Path root = state.root();
        RocksChainStore store;
        try {
            store = RocksChainStore.open(root, false);
        } catch (StoreException e) {
            if (expected.created || !(e.error() instanceof StoreError.NoStore)) {
                throw e;
            }
            // never acknowledged: missing, empty or an interrupted creation (it says so); it opens empty
            interruptedCreations++;
            store = RocksChainStore.open(root, true);
            assertEquals(0, store.headNumber(), "an interrupted creation holds nothing");
        }
        List<String> log;
        try {
            log = ChainNode.log(store);
            ChainHead head = CommittedState.open(store).head();
            assertEquals(log.size(), head.number(), "the head");
            if (!log.isEmpty()) {
                assertEquals(log.get(log.size() - 1).split(" ")[1], head.hash().toString(), "the head block");
            }
        } catch (RuntimeException | StoreException | Error e) {
            store.close();
            throw e;
        }
        boolean whole = log.equals(expected.inFlight);
        if (!whole && !log.equals(expected.acked)) {
            store.close();
            fail("the canonical chain " + describe(log) + " is neither the acknowledged " + describe(expected.acked)
                    + " nor the operation in flight's " + (expected.inFlight == null ? "(none)" : describe(expected.inFlight)));
        }
        blocksVerified += Math.min(log.size(), expected.acked.size());
        inFlightSeen += whole ? 1 : 0;
        // playing on costs most of a state's time: in verify from every few states and from each
        // that kept the operation in flight (its undo data is then the newest); the soak from all
        if (!whole && state.number() % every != 0) {
            store.close();
            return;
        }
        continued++;
        try (ChainNode node = new ChainNode(chain, store)) {
            ChainPlayer.Result r = ChainPlayer.play(chain, node.executor, c -> { }, n -> { });
            assertTrue(r.finished());
            assertEquals(reference.log(), ChainNode.log(store), "the chain played on from this state");
        }
    }

    private static String describe(List<String> log) {
        return log.isEmpty() ? "(empty)" : log.size() + (log.size() == 1 ? " block: " : " blocks ending ")
                + log.get(log.size() - 1);
    }

    /**
     * What the markers before a crash point promise: the acknowledged canonical chain and, if an
     * operation was announced and not acknowledged, the chain it would leave.
     */
    private static final class History {
        boolean created;
        List<String> acked = new ArrayList<>();
        List<String> inFlight;

        static History from(List<String> markers, Reference reference) {
            History h = new History();
            String announced = null;
            for (String line : markers) {
                String[] w = line.split(" ");
                if (w[0].equals("B")) {
                    if (announced != null) {
                        fail("two operations announced without an acknowledgement: " + announced + " / " + line);
                    }
                    announced = line.substring(2);
                } else if (w[0].equals("A") && announced != null && announced.startsWith(w[1])) {
                    h.acknowledge(w, reference);
                    announced = null;
                } else {
                    fail("unexpected marker " + line + " after " + announced);
                }
            }
            if (announced != null) {
                h.inFlight = h.outcome(announced.split(" "), reference);
            }
            return h;
        }

        private void acknowledge(String[] w, Reference reference) {
            switch (w[1]) {
                case "open" -> created = true;
                case "reopen" -> { }
                case "commit" -> {
                    String line = String.join(" ", List.of(w).subList(2, w.length));
                    assertEquals(reference.committed().get(w[2] + " " + w[3]), line, "the workload's block " + w[2]);
                    assertEquals(acked.size() + 1, Long.parseLong(w[2]), "a commit on the head");
                    acked.add(line);
                }
                case "rewind" -> {
                    int n = Integer.parseInt(w[2]);
                    assertTrue(n == 0 || acked.get(n - 1).split(" ")[1].equals(w[3]), "rewound to a block of the chain");
                    acked = new ArrayList<>(acked.subList(0, n));
                }
                default -> fail("unknown acknowledgement " + String.join(" ", w));
            }
        }

        /** The chain an announced operation leaves if it completes; null if it changes none. */
        private List<String> outcome(String[] w, Reference reference) {
            List<String> chain = new ArrayList<>(acked);
            switch (w[0]) {
                case "open", "reopen" -> {
                    return null;
                }
                case "commit" -> chain.add(reference.committed().get(w[1] + " " + w[2]));
                case "rewind" -> {
                    int keep = 0;
                    for (int i = 0; i < chain.size(); i++) {
                        if (chain.get(i).split(" ")[1].equals(w[1])) {
                            keep = i + 1;
                        }
                    }
                    chain.subList(keep, chain.size()).clear();
                }
                default -> fail("unknown operation " + String.join(" ", w));
            }
            return chain;
        }
    }
}
