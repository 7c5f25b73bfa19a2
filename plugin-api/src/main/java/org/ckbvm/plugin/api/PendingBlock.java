package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A block being executed on top of the plugin's head (Besu's block processing over a world state
 * is the model). Transactions execute in the order given; the block's effects stay in memory
 * until {@link #commit}, which makes them durable in one atomic write, or {@link #abort}, which
 * drops them. Not thread-safe: one host thread drives a block; the plugin parallelizes inside.
 *
 * <p>A {@link NodeFault} from any method means the block can no longer be committed: abort it
 * (or close it); the committed state is as it was before the block was opened.
 */
public interface PendingBlock extends AutoCloseable {

    /**
     * The block being executed.
     *
     * @return the context it was opened with
     */
    BlockContext block();

    /**
     * Executes one transaction after those already executed in this block.
     *
     * @param signedTransaction the signed transaction's bytes, not null; copied
     * @return its receipt; an invalid transaction gives a {@link Receipt.Rejected}, not an exception
     * @throws NodeFault on a local fault (the block must then be aborted), or ({@code INVALID_REQUEST})
     *                   if the block is already committed, aborted or faulted
     */
    Receipt execute(byte[] signedTransaction);

    /**
     * Executes transactions in block order after those already executed. Independent ones may run
     * in parallel; the receipts and state always equal serial execution in the given order.
     *
     * @param signedTransactions the signed transactions' bytes in block order, not null; copied
     * @return one receipt per transaction, in the same order
     * @throws NodeFault on a local fault (the block must then be aborted), or ({@code INVALID_REQUEST})
     *                   if the block is already committed, aborted or faulted
     */
    List<Receipt> executeAll(List<byte[]> signedTransactions);

    /**
     * The receipts so far, in block order.
     *
     * @return an unmodifiable copy
     */
    List<Receipt> receipts();

    /**
     * Makes the block durable (synced) and the plugin's new head; returns its receipts and roots.
     *
     * @return the committed block: its receipts, receipts hash and commitment root
     * @throws NodeFault if the state cannot be written; nothing of the block is then committed. Also
     *                   ({@code INVALID_REQUEST}) if the block is already committed, aborted or faulted
     */
    CommittedBlock commit();

    /** Drops the block: nothing of it remains. Idempotent; a no-op after {@link #commit}. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
