package org.ckbvm.chain;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;

import org.ckbvm.crash.Markers;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.PendingBlock;
import org.ckbvm.simulation.ChainFile;
import org.ckbvm.simulation.ChainGenerator;
import org.ckbvm.store.RocksChainStore;
import org.ckbvm.store.StoreException;

/**
 * The chain workload of {@link ChainPowerLossTest}, run in a child JVM under the recording
 * library: plays a generated chain (blocks and reorgs) on a {@link RocksChainStore} created in
 * {@code root}, closing and reopening the state every few blocks (each reopening replays the WAL
 * into table files, a new MANIFEST and CURRENT).
 *
 * <p>Markers (see {@link Markers}), written before the call and after it returns:
 * {@code B open} / {@code A open}, {@code B reopen} / {@code A reopen},
 * {@code B commit <n> <hash>} / {@code A commit <n> <hash> <root> <receipts hash>},
 * {@code B rewind <hash>} / {@code A rewind <n> <hash>} (the head it returned).
 *
 * <p>args: root, marker file, chain seed, blocks.
 */
public final class ChainPowerLossWorkload {
    private final Path root;
    private final Markers markers;
    private final ChainFile chain;
    private final SplittableRandom random;
    private ChainNode node;

    private ChainPowerLossWorkload(Path root, Markers markers, ChainFile chain) {
        this.root = root;
        this.markers = markers;
        this.chain = chain;
        this.random = new SplittableRandom(chain.seed());
    }

    public static void main(String[] args) throws Exception {
        ChainFile chain = ChainGenerator.generate(Long.parseLong(args[2]), Integer.parseInt(args[3]));
        try (Markers markers = new Markers(Paths.get(args[1]))) {
            new ChainPowerLossWorkload(Paths.get(args[0]), markers, chain).run();
        }
        System.exit(0);
    }

    private void run() throws StoreException {
        markers.mark("B open");
        node = new ChainNode(chain, RocksChainStore.open(root));
        markers.mark("A open");
        int untilReopen = 3 + random.nextInt(8);
        for (ChainFile.Entry entry : chain.entries()) {
            if (entry instanceof ChainFile.Entry.ReorgTo reorg) {
                markers.mark("B rewind " + reorg.target());
                ChainHead head = node.executor.rewindTo(reorg.target());
                markers.mark("A rewind " + head.number() + " " + head.hash());
                continue;
            }
            commit((ChainFile.Entry.Block) entry);
            if (--untilReopen == 0) {
                markers.mark("B reopen");
                node.close();
                node = new ChainNode(chain, RocksChainStore.open(root));
                markers.mark("A reopen");
                untilReopen = 3 + random.nextInt(8);
            }
        }
        node.close();
    }

    private void commit(ChainFile.Entry.Block b) {
        try (PendingBlock block = node.executor.openBlock(b.context())) {
            block.executeAll(b.transactions());
            markers.mark("B commit " + b.context().number() + " " + b.context().hash());
            CommittedBlock c = block.commit();
            markers.mark("A commit " + ChainNode.line(c.block().number(), c.block().hash().toString(),
                    c.commitmentRoot(), c.receiptsHash()));
        }
    }
}
