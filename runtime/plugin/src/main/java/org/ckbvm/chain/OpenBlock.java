package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.PendingBlock;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.store.BlockEntry;

/**
 * A block being executed: admits transactions in parallel, runs independent groups
 * ({@link BlockSchedule}) in parallel over one {@link BlockOverlay}, and commits everything in
 * one durable write. After a {@link NodeFault} it only aborts.
 */
final class OpenBlock implements PendingBlock {
    private final BlockContext block;
    private final ChainSpec spec;
    private final CommittedState committed;
    private final TransactionProcessor processor;
    private final ExecutorService pool;
    private final int retainedBlocks;
    /** Told when the block ends: true when committed, false when aborted. */
    private final java.util.function.Consumer<Boolean> onClose;
    private final BlockOverlay overlay;
    private final List<Receipt> receipts = new ArrayList<>();
    private State state = State.OPEN;

    private enum State { OPEN, FAULTED, COMMITTED, ABORTED }

    OpenBlock(BlockContext block, ChainSpec spec, CommittedState committed, TransactionProcessor processor,
              ExecutorService pool, int retainedBlocks, java.util.function.Consumer<Boolean> onClose) {
        this.block = block;
        this.spec = spec;
        this.committed = committed;
        this.processor = processor;
        this.pool = pool;
        this.retainedBlocks = retainedBlocks;
        this.onClose = onClose;
        this.overlay = new BlockOverlay(committed);
    }

    @Override
    public BlockContext block() {
        return block;
    }

    @Override
    public Receipt execute(byte[] signedTransaction) {
        return executeAll(List.of(signedTransaction)).get(0);
    }

    @Override
    public List<Receipt> executeAll(List<byte[]> signedTransactions) {
        requireOpen();
        try {
            List<byte[]> copies = signedTransactions.stream().map(byte[]::clone).toList();
            List<Admission> admissions = inParallel(copies.size(), i -> Admission.of(copies.get(i), spec));
            List<List<Integer>> groups = BlockSchedule.groups(admissions,
                    execution -> overlay.record(execution).map(r -> (Address) r.owner()));
            Receipt[] out = new Receipt[admissions.size()];
            inParallel(groups.size(), g -> {
                for (int i : groups.get(g)) {
                    out[i] = processor.execute(admissions.get(i), block.number(), overlay);
                }
                return null;
            });
            List<Receipt> result = List.of(out);
            receipts.addAll(result);
            return result;
        } catch (NodeFault e) {
            state = State.FAULTED;
            throw e;
        } catch (RuntimeException | Error e) {
            state = State.FAULTED;
            throw new NodeFault(NodeFault.Kind.INTERNAL, String.valueOf(e), e);
        }
    }

    /** Runs {@code task} for 0..n-1 on the pool (inline when there is one) and waits for all. */
    private <T> List<T> inParallel(int n, java.util.function.IntFunction<T> task) {
        if (n <= 1) {
            List<T> one = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                one.add(task.apply(i));
            }
            return one;
        }
        List<CompletableFuture<T>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> task.apply(index), pool));
        }
        List<T> out = new ArrayList<>(n);
        RuntimeException first = null;
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r
                            : new NodeFault(NodeFault.Kind.INTERNAL, String.valueOf(e.getCause()), e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    @Override
    public List<Receipt> receipts() {
        return Collections.unmodifiableList(new ArrayList<>(receipts));
    }

    @Override
    public CommittedBlock commit() {
        requireOpen();
        try {
            Commitment next = overlay.commitment();
            byte[] receiptsHash = ReceiptCodec.hash(receipts);
            BlockEntry entry = new BlockEntry(block.number(), block.hash(), block.parent(), next.root(), receiptsHash,
                    ReceiptCodec.encodeAll(receipts));
            committed.commit(entry, overlay.changes(), next, retainedBlocks);
            state = State.COMMITTED;
            onClose.accept(true);
            return new CommittedBlock(block, receipts, receiptsHash, next.root());
        } catch (RuntimeException e) {
            state = State.FAULTED;
            throw e instanceof NodeFault f ? f : new NodeFault(NodeFault.Kind.INTERNAL, String.valueOf(e), e);
        }
    }

    @Override
    public void abort() {
        if (state == State.OPEN || state == State.FAULTED) {
            state = State.ABORTED;
            onClose.accept(false);
        }
    }

    @Override
    public void close() {
        abort();
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new NodeFault(NodeFault.Kind.INVALID_REQUEST, "block " + block.number() + " is "
                    + state.name().toLowerCase(java.util.Locale.ROOT) + (state == State.FAULTED ? ": abort it" : ""));
        }
    }
}
