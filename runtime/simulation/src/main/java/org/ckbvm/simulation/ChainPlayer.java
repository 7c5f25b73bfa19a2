package org.ckbvm.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.PendingBlock;

/**
 * Plays a {@link ChainFile} into a plugin as a node's host would: each block opened on the
 * head, its transactions executed, committed; each reorg entry a rewind. Run again on the same
 * state after a crash, it continues after the last committed block: it finds the first entry
 * after which the file's chain has the plugin's head on top (any such point has the same state,
 * since execution is deterministic) and plays on from there.
 */
public final class ChainPlayer {
    private ChainPlayer() {}

    /** What a play did; {@code finished} when it reached the end of the file. */
    public record Result(int blocks, int reorgs, int transactions, int skippedEntries, ChainHead head, boolean finished) {}

    /** Plays every entry after the state's head. */
    public static Result play(ChainFile file, ContractExecutionService service, Consumer<CommittedBlock> onBlock,
                              LongConsumer beforeCommit) {
        return play(file, service, onBlock, beforeCommit, Integer.MAX_VALUE);
    }

    /**
     * Plays entries after the state's head, at most {@code maxBlocks} blocks (a host that stops
     * in between plays again later).
     *
     * @param beforeCommit called with a block's number after its transactions ran, before it
     *                     commits (a crash test kills the process there)
     */
    public static Result play(ChainFile file, ContractExecutionService service, Consumer<CommittedBlock> onBlock,
                              LongConsumer beforeCommit, int maxBlocks) {
        int start = resumePoint(file, service.head());
        int blocks = 0;
        int reorgs = 0;
        int transactions = 0;
        int i = start;
        for (; i < file.entries().size() && blocks < maxBlocks; i++) {
            ChainFile.Entry entry = file.entries().get(i);
            if (entry instanceof ChainFile.Entry.ReorgTo reorg) {
                service.rewindTo(reorg.target());
                reorgs++;
                continue;
            }
            ChainFile.Entry.Block b = (ChainFile.Entry.Block) entry;
            try (PendingBlock block = service.openBlock(b.context())) {
                block.executeAll(b.transactions());
                beforeCommit.accept(b.context().number());
                onBlock.accept(block.commit());
            }
            blocks++;
            transactions += b.transactions().size();
        }
        return new Result(blocks, reorgs, transactions, start, service.head(), i == file.entries().size());
    }

    /**
     * The index of the first entry to play: 0 on an empty state, else one past the first entry
     * after which the file's canonical chain ends in {@code head}.
     *
     * @throws IllegalStateException if the head is on no chain of this file
     */
    static int resumePoint(ChainFile file, ChainHead head) {
        if (head.number() == 0) {
            return 0;
        }
        List<BlockHash> chain = new ArrayList<>();
        for (int i = 0; i < file.entries().size(); i++) {
            ChainFile.Entry e = file.entries().get(i);
            if (e instanceof ChainFile.Entry.Block b) {
                chain.add(b.context().hash());
            } else {
                BlockHash target = ((ChainFile.Entry.ReorgTo) e).target();
                int keep = target.equals(BlockHash.GENESIS) ? 0 : chain.indexOf(target) + 1;
                if (keep == 0 && !target.equals(BlockHash.GENESIS)) {
                    throw new IllegalStateException("entry " + i + " rewinds to " + target + ", not on the chain");
                }
                chain.subList(keep, chain.size()).clear();
            }
            if (chain.size() == head.number() && chain.get(chain.size() - 1).equals(head.hash())) {
                return i + 1;
            }
        }
        throw new IllegalStateException("the state's head, block " + head.number() + " " + head.hash()
                + ", is on no chain of this file: it was made from another file");
    }
}
