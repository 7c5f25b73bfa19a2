package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.simulation.ChainFile;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.StoreException;

/**
 * A chain executor for a generated chain file over a given store, as the plugin builds one, and
 * the store's canonical chain as {@code chain log} prints it. Shared by the power-loss workload
 * and its test, so both run the chain with the same settings.
 */
final class ChainNode implements AutoCloseable {
    /** Small, so that commits prune undo data too; the generator's reorgs are at most 10 deep. */
    static final int RETAINED_BLOCKS = 12;

    /**
     * What the node must keep to follow {@code chain}: {@link #RETAINED_BLOCKS}, or more if a reorg
     * of the file goes further below the highest block committed so far. Blocks fall final
     * relative to the highest head ever reached, so a deep reorg after an earlier one (each at most
     * 10 deep from the head of its moment) can reach below the last 12 (seed 12942104765252).
     */
    static int retainedFor(ChainFile chain) {
        java.util.Map<org.ckbvm.plugin.api.BlockHash, Long> numbers = new java.util.HashMap<>();
        numbers.put(org.ckbvm.plugin.api.BlockHash.GENESIS, 0L);
        long highest = 0;
        long deepest = 0;
        for (ChainFile.Entry e : chain.entries()) {
            if (e instanceof ChainFile.Entry.Block b) {
                numbers.put(b.context().hash(), b.context().number());
                highest = Math.max(highest, b.context().number());
            } else if (e instanceof ChainFile.Entry.ReorgTo r && numbers.containsKey(r.target())) {
                deepest = Math.max(deepest, highest - numbers.get(r.target()));
            }
        }
        return (int) Math.max(RETAINED_BLOCKS, deepest + 1);
    }

    final ChainStore store;
    final ChainExecutor executor;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    /** Opens the state (the commitment recomputed and checked against the head block's root). */
    ChainNode(ChainFile chain, ChainStore store) {
        InMemoryDataSource data = new InMemoryDataSource();
        chain.blobs().forEach(data::add);
        this.store = store;
        try {
            this.executor = new ChainExecutor(chain.spec(), store, data, PluginConfiguration.defaults()
                    .withExecutionThreads(1).withRetainedBlocks(retainedFor(chain)).withEngine("interp"), pool, m -> { });
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** One line per block 1..head: number, hash, commitment root, receipts hash. */
    static List<String> log(ChainStore store) throws StoreException {
        List<String> out = new ArrayList<>();
        long head = store.headNumber();
        for (long n = 1; n <= head; n++) {
            long k = n;
            BlockEntry e = store.block(n).orElseThrow(() -> new IllegalStateException("no entry for block " + k));
            out.add(line(n, e.hash().toString(), e.commitmentRoot(), e.receiptsHash()));
        }
        return out;
    }

    static String line(long number, String hash, byte[] root, byte[] receipts) {
        return number + " " + hash + " " + HexFormat.of().formatHex(root) + " " + HexFormat.of().formatHex(receipts);
    }

    /** Stops the executor and closes the store. */
    @Override
    public void close() {
        executor.stop();
        pool.shutdownNow();
        store.close();
    }
}
