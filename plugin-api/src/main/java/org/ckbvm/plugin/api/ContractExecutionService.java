package org.ckbvm.plugin.api;

import java.util.Optional;

/**
 * Block-scoped contract execution, offered by the plugin to the host once started. The host
 * opens a block on top of the plugin's head, executes the block's transactions in order, and
 * commits it (or aborts it); on a reorg it rewinds to an ancestor within the kept blocks first.
 * Every node that executes the same blocks on the same {@link ChainSpec} gets the same receipts
 * and commitment roots. Local faults are thrown as {@link NodeFault}, never turned into receipts.
 *
 * <p>Thread-safe: reads of the committed state may run while a block is open (they see the
 * state before it). After {@link ExecutionPlugin#stop} every method but {@link #decode} throws
 * {@link NodeFault} of kind {@code STOPPED}.
 */
public interface ContractExecutionService {

    /**
     * Decodes and checks a signed transaction without state and without running it: size,
     * canonical encoding, signature, chain id and cycle budget (see {@link ChainSpec}). A node can
     * use it to screen its transaction pool; {@link PendingBlock#execute} repeats the same checks.
     *
     * @param signedTransaction the signed transaction's bytes, not null; not modified
     * @return {@link Decoded.Valid} with the request, or {@link Decoded.Invalid} with the reason
     *         (exactly the error a block would reject it with); bad bytes give {@code Invalid},
     *         not an exception
     */
    Decoded decode(byte[] signedTransaction);

    /**
     * The last committed block; after a crash, the block the host must continue from.
     *
     * @return the head; number 0 with {@link BlockHash#GENESIS} before any block
     * @throws NodeFault ({@code STOPPED}) after the plugin stopped
     */
    ChainHead head();

    /**
     * Opens a block whose parent is the current head (its number must be head + 1).
     *
     * @param block the block's number, parent and hash, not null
     * @return the open block; the caller must commit or abort (close) it, as only one block can be
     *         open at a time
     * @throws NodeFault ({@code INVALID_REQUEST}) for another parent, or while a block is open
     */
    PendingBlock openBlock(BlockContext block);

    /**
     * Rewinds the state to the committed block {@code hash} (a reorg), dropping every block
     * after it in one atomic, synced write. {@code hash} must be the head, one of the last
     * {@link PluginConfiguration#retainedBlocks()} blocks, or genesis while that is within them.
     * Rewinding to the head changes nothing.
     *
     * @param hash the hash of the committed block to return to, not null
     * @return the new head: the block {@code hash}
     * @throws NodeFault ({@code INVALID_REQUEST}) for a block that is not kept, or while a block is open
     */
    ChainHead rewindTo(BlockHash hash);

    /**
     * The committed block at {@code number} on the current chain, if kept.
     *
     * @param number a block number, 1 or more
     * @return the block with its receipts and roots; empty for 0, above the head, or for a block
     *         the plugin no longer stores
     */
    Optional<CommittedBlock> block(long number);

    /**
     * The suspended execution {@code execution} in the committed state, if any.
     *
     * @param execution the hash of the Call that started it, not null
     * @return the suspension; empty if no such execution is suspended in the committed state
     */
    Optional<Suspension> suspended(TxHash execution);

    /**
     * The next nonce of {@code sender} in the committed state (0 for a sender never seen).
     *
     * @param sender the account, not null
     * @return the nonce its next transaction must carry
     */
    long nextNonce(Address sender);

    /** A decoded transaction: either its request or why it is invalid. */
    sealed interface Decoded {
        /**
         * The transaction is well formed for this chain; whether it succeeds depends on the state.
         *
         * @param request the decoded request, sender recovered from the signature
         */
        record Valid(ContractRequest request) implements Decoded {}

        /**
         * The transaction can never be executed on this chain.
         *
         * @param error why; a block would reject it with this error
         */
        record Invalid(ExecutionError.InvalidTransaction error) implements Decoded {}
    }
}
