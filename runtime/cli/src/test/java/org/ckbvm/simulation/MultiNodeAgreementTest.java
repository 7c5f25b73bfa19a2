package org.ckbvm.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.ckbvm.plugin.CkbVmPlugin;
import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.RocksChainStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several independent nodes (separate stores) play the same generated chain with reorgs and
 * must agree on every receipt and every block root: 1 thread on the interpreter, 4 threads on
 * the JIT, one restarted every few blocks, and one in a child JVM killed with SIGKILL inside a
 * block and run again. The soak runs the same with more blocks and seeds:
 * {@code -Dckbvm.chain.blocks=400 -Dckbvm.chain.seeds=20}.
 */
class MultiNodeAgreementTest {
    private static final int BLOCKS = Integer.getInteger("ckbvm.chain.blocks", 44);
    private static final int SEEDS = Integer.getInteger("ckbvm.chain.seeds", 1);
    private static final long FIRST_SEED = Long.getLong("ckbvm.chain.seed", 2026);

    @TempDir
    Path dir;

    /** What one node committed: every block it ever committed, by (number, hash), and its final canonical chain. */
    private record NodeRun(Map<String, String> committed, List<String> canonical, int receipts) {}

    @Test
    void nodesAgreeOnEveryReceiptAndRoot() throws Exception {
        for (long s = FIRST_SEED; s < FIRST_SEED + SEEDS; s++) {
            long seed = s;
            Path file = dir.resolve("chain-" + seed + ".json");
            ChainFile chain = ChainGenerator.generate(seed, BLOCKS);
            chain.write(file);
            long reorgs = chain.entries().stream().filter(e -> e instanceof ChainFile.Entry.ReorgTo).count();
            assertTrue(reorgs >= 1, "the generated chain has reorgs");

            NodeRun serial = inProcess(chain, dir.resolve("a-" + seed), 1, "interp", Integer.MAX_VALUE);
            NodeRun parallel = inProcess(chain, dir.resolve("b-" + seed), 4, "jit", Integer.MAX_VALUE);
            NodeRun restarted = inProcess(chain, dir.resolve("c-" + seed), 2, "auto", 3);
            KilledRun killed = childKilledInsideBlocks(file, dir.resolve("d-" + seed), chain);

            assertTrue(serial.receipts() > BLOCKS, "blocks carry transactions");
            assertSameChain(serial.canonical(), parallel.canonical(), "seed " + seed + ": 4 threads, JIT");
            assertSameChain(serial.canonical(), restarted.canonical(), "seed " + seed + ": restarted between blocks");
            assertSameChain(serial.canonical(), killed.canonical(), "seed " + seed + ": killed inside a block");
            for (NodeRun other : List.of(parallel, restarted)) {
                other.committed().forEach((block, outcome) -> {
                    String expected = serial.committed().get(block);
                    if (expected != null) {
                        assertEquals(expected, outcome, "seed " + seed + ": block " + block);
                    }
                });
            }
            assertEquals(serial.committed().keySet(), parallel.committed().keySet());
            long transactions = chain.entries().stream().filter(e -> e instanceof ChainFile.Entry.Block)
                    .mapToLong(e -> ((ChainFile.Entry.Block) e).transactions().size()).sum();
            System.out.printf("multi-node: seed %d: %d blocks (%d on the final chain), %d transactions, "
                    + "%d reorgs, %d kills, 4 nodes, 0 mismatches%n", seed, serial.committed().size(),
                    serial.canonical().size(), transactions, reorgs, killed.kills());
        }
    }

    /** Names the first block where two canonical chains differ (the lists are long). */
    private static void assertSameChain(List<String> expected, List<String> actual, String node) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), node + ": first difference at block " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), node + ": chain length");
    }

    private static String describe(CommittedBlock b) {
        StringBuilder s = new StringBuilder("root 0x").append(HexFormat.of().formatHex(b.commitmentRoot()))
                .append(" receipts 0x").append(HexFormat.of().formatHex(b.receiptsHash()));
        for (Receipt r : b.receipts()) {
            s.append('\n').append(r.getClass().getSimpleName()).append(' ').append(r.txHash()).append(" gas ")
                    .append(r.gasUsed()).append(" total ").append(r.totalCycles());
        }
        return s.toString();
    }

    private NodeRun inProcess(ChainFile chain, Path store, int threads, String engine, int restartEvery) {
        InMemoryDataSource data = new InMemoryDataSource();
        chain.blobs().forEach(data::add);
        ReferenceHost host = new ReferenceHost()
                .offer(DataSource.class, data)
                .offer(ChainSpec.class, chain.spec())
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(store)
                        .withExecutionThreads(threads).withEngine(engine));
        Map<String, String> committed = new TreeMap<>();
        int[] receipts = {0};
        CkbVmPlugin plugin = new CkbVmPlugin();
        plugin.register(host);
        ChainPlayer.Result result;
        do {
            plugin.start();
            ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
            result = ChainPlayer.play(chain, service, b -> {
                committed.put(b.block().number() + " " + b.block().hash(), describe(b));
                receipts[0] += b.receipts().size();
            }, n -> { }, restartEvery);
            plugin.stop();
        } while (!result.finished());
        return new NodeRun(committed, canonical(store), receipts[0]);
    }

    /** The canonical chain as `chain log` prints it: number, hash, root and receipts hash per block. */
    private static List<String> canonical(Path store) {
        List<String> out = new ArrayList<>();
        try (RocksChainStore s = RocksChainStore.open(store, false)) {
            for (long n = 1; n <= s.headNumber(); n++) {
                BlockEntry e = s.block(n).orElseThrow();
                out.add(n + " " + e.hash() + " " + HexFormat.of().formatHex(e.commitmentRoot()) + " "
                        + HexFormat.of().formatHex(e.receiptsHash()));
            }
        } catch (org.ckbvm.store.StoreException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** What the child JVM node went through: its final canonical chain and how often it was killed. */
    private record KilledRun(List<String> canonical, int kills) {}

    /**
     * `chain run` in a child JVM, SIGKILLed while a block is open (executed, not committed) at
     * about every 50th block, each time run again, and finally run to the end.
     */
    private KilledRun childKilledInsideBlocks(Path file, Path store, ChainFile chain) throws Exception {
        List<Long> numbers = chain.entries().stream().filter(e -> e instanceof ChainFile.Entry.Block)
                .map(e -> ((ChainFile.Entry.Block) e).context().number()).toList();
        List<Long> pauses = new ArrayList<>();
        for (int i = 6; i < numbers.size(); i += 50) {
            pauses.add(numbers.get(i));
        }
        Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
        int kills = 0;
        for (long pauseAt : pauses) {
            Process child = chainRun(file, store, tmp, pauseAt);
            boolean paused = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (!paused && (line = out.readLine()) != null) {
                    paused = line.startsWith("paused before committing block " + pauseAt);
                }
                if (paused) {
                    child.destroyForcibly();   // SIGKILL on Linux, with block pauseAt executed but not committed
                }
                assertTrue(child.waitFor(300, TimeUnit.SECONDS));
            }
            if (!paused) {
                break;   // the rest of the chain never reaches that number again
            }
            kills++;
            try (RocksChainStore s = RocksChainStore.open(store, false)) {
                assertEquals(pauseAt - 1, s.headNumber(), "the open block left no trace");
            }
        }
        assertTrue(kills >= 1, "the child was killed inside a block");
        Process rerun = chainRun(file, store, tmp, -1);
        String output = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(rerun.waitFor(600, TimeUnit.SECONDS));
        assertEquals(0, rerun.exitValue(), output);
        return new KilledRun(canonical(store), kills);
    }

    private static Process chainRun(Path file, Path store, Path tmp, long pauseAt) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), "org.ckbvm.cli.CkbVmCommand",
                "chain", "run", "--db", store.toString(), "--blocks", file.toString(), "--threads", "2"));
        if (pauseAt > 0) {
            command.add("--pause-before-commit");
            command.add(Long.toString(pauseAt));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
