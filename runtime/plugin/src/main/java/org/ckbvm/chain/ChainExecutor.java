package org.ckbvm.chain;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.PendingBlock;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Suspension;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.ChainStore;

/**
 * Block-scoped execution over a {@link ChainStore}: one block open at a time on top of the head,
 * rewinds to kept blocks, and reads of the committed state. Thread-safe.
 */
public final class ChainExecutor implements ContractExecutionService {
    private static final System.Logger LOG = System.getLogger("ckbvm.plugin");
    private final ChainSpec spec;
    private final CommittedState committed;
    private final TransactionProcessor processor;
    private final ExecutorService pool;
    private final int retainedBlocks;
    private final long storeSizeAlarmBytes;
    private final AtomicBoolean blockOpen = new AtomicBoolean();
    private final AtomicBoolean alarmed = new AtomicBoolean();
    private volatile boolean stopped;

    /**
     * @param store the chain state (its head is where execution continues)
     * @param local the node's own settings: engine, how many blocks can be rewound, the store-size
     *              alarm (the store folder and thread count are the caller's business)
     * @param pool  runs independent transactions of a block in parallel
     */
    public ChainExecutor(ChainSpec spec, ChainStore store, DataSource dataSource, PluginConfiguration local,
                         ExecutorService pool, Consumer<String> debugSink) {
        checkSpec(spec);
        this.spec = spec;
        this.committed = CommittedState.open(store);
        this.processor = new TransactionProcessor(spec, dataSource, Engine.parse(local.engine()), debugSink);
        this.pool = pool;
        this.retainedBlocks = local.retainedBlocks();
        this.storeSizeAlarmBytes = local.storeSizeAlarmBytes();
    }

    /** Every fork must name a machine this runtime can build. */
    static void checkSpec(ChainSpec spec) {
        for (ChainSpec.Fork f : spec.forks()) {
            try {
                TransactionProcessor.profileAt(spec, f.fromBlock());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("chain spec fork at block " + f.fromBlock() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A local alarm only: the store's size never changes a receipt. Logged once per crossing. */
    private void checkStoreSize() {
        long bytes;
        try {
            bytes = committed.store().diskBytes();
        } catch (org.ckbvm.store.StoreException e) {
            return;   // measuring is best effort; the commit itself succeeded
        }
        if (bytes > storeSizeAlarmBytes && alarmed.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "the chain state takes {0} bytes, above the alarm of {1} bytes",
                    bytes, storeSizeAlarmBytes);
        } else if (bytes <= storeSizeAlarmBytes) {
            alarmed.set(false);
        }
    }

    public ChainSpec spec() {
        return spec;
    }

    /** The committed commitment (for proofs and audits). */
    public Commitment commitment() {
        return committed.commitment();
    }

    /** Refuses everything from now on with {@code STOPPED}; an open block can only be aborted. */
    public void stop() {
        stopped = true;
    }

    private void checkRunning() {
        if (stopped) {
            throw new NodeFault(NodeFault.Kind.STOPPED, "the plugin is stopped");
        }
    }

    @Override
    public Decoded decode(byte[] signedTransaction) {
        Admission a = Admission.of(signedTransaction, spec);
        return a instanceof Admission.Valid v ? new Decoded.Valid(v.request())
                : new Decoded.Invalid(((Admission.Invalid) a).error());
    }

    @Override
    public ChainHead head() {
        checkRunning();
        return committed.head();
    }

    @Override
    public PendingBlock openBlock(BlockContext block) {
        checkRunning();
        // take the one open slot first, so that no rewind can move the head under this check
        if (!blockOpen.compareAndSet(false, true)) {
            throw new NodeFault(NodeFault.Kind.INVALID_REQUEST, "another block is open, or a rewind is running");
        }
        ChainHead head = committed.head();
        if (block.number() != head.number() + 1 || !block.parent().equals(head.hash())) {
            blockOpen.set(false);
            throw new NodeFault(NodeFault.Kind.INVALID_REQUEST, "block " + block.number() + " on parent "
                    + block.parent() + " does not follow the head, block " + head.number() + " " + head.hash());
        }
        return new OpenBlock(block, spec, committed, processor, pool, retainedBlocks, committedBlock -> {
            blockOpen.set(false);
            if (committedBlock) {
                checkStoreSize();
            }
        });
    }

    @Override
    public synchronized ChainHead rewindTo(BlockHash hash) {
        checkRunning();
        if (!blockOpen.compareAndSet(false, true)) {
            throw new NodeFault(NodeFault.Kind.INVALID_REQUEST, "cannot rewind while a block is open");
        }
        try {
            ChainHead head = committed.head();
            if (head.hash().equals(hash)) {
                return head;
            }
            ChainStore store = committed.store();
            long oldest = CommittedState.call(store::oldestRewindable);
            long target = -1;
            for (long n = head.number() - 1; n >= oldest && target < 0; n--) {
                long k = n;
                BlockHash at = k == 0 ? BlockHash.GENESIS : CommittedState.call(() -> store.block(k))
                        .map(BlockEntry::hash).orElse(null);
                if (hash.equals(at)) {
                    target = n;
                }
            }
            if (target < 0) {
                throw new NodeFault(NodeFault.Kind.INVALID_REQUEST, "block " + hash + " is not one of the blocks "
                        + oldest + ".." + head.number() + " that can be rewound to");
            }
            long to = target;
            CommittedState.call(() -> {
                store.rewindTo(to);
                return null;
            });
            committed.reload();
            return committed.head();
        } finally {
            blockOpen.set(false);
        }
    }

    @Override
    public Optional<CommittedBlock> block(long number) {
        checkRunning();
        return CommittedState.call(() -> committed.store().block(number)).map(e -> {
            try {
                return new CommittedBlock(new BlockContext(e.number(), e.parent(), e.hash()),
                        ReceiptCodec.decodeAll(e.receipts()), e.receiptsHash(), e.commitmentRoot());
            } catch (CanonicalReader.MalformedException ex) {
                throw CommittedState.corrupt("block " + number, ex.getMessage());
            }
        });
    }

    @Override
    public Optional<Suspension> suspended(TxHash execution) {
        checkRunning();
        return committed.record(execution).map(r -> new Suspension(r.execution(), r.owner(), r.controllers(),
                r.totalCycles(), r.segments(), r.stateRoot(), r.hash()));
    }

    /** The committed record of a suspended execution (for audits and export). */
    public Optional<SuspensionRecord> record(TxHash execution) {
        checkRunning();
        return committed.record(execution);
    }

    @Override
    public long nextNonce(Address sender) {
        checkRunning();
        return committed.account(sender).nextNonce();
    }
}
