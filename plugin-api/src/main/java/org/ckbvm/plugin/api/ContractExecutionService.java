package org.ckbvm.plugin.api;

import java.util.Optional;

/**
 * Block-scoped contract execution, offered by the plugin to the host once started. The host
 * opens a block on top of the plugin's head, executes the block's transactions in order, and
 * commits it (or aborts it); on a reorg it rewinds to an ancestor within the kept blocks first.
 * Every node that executes the same blocks on the same {@link ChainSpec} gets the same receipts
 * and commitment roots. Local faults are thrown as {@link NodeFault}, never turned into receipts.
 */
public interface ContractExecutionService {

    /** Decodes and checks a signed transaction's form and signature, without state or running it. */
    Decoded decode(byte[] signedTransaction);

    /** The last committed block; after a crash, the block the host must continue from. */
    ChainHead head();

    /**
     * Opens a block whose parent is the current head (its number must be head + 1).
     *
     * @throws NodeFault ({@code INVALID_REQUEST}) for another parent, or while a block is open
     */
    PendingBlock openBlock(BlockContext block);

    /**
     * Rewinds the state to the committed block {@code hash} (a reorg), dropping every block
     * after it in one atomic, synced write. {@code hash} must be the head, one of the last
     * {@link PluginConfiguration#retainedBlocks()} blocks, or genesis while that is within them.
     *
     * @throws NodeFault ({@code INVALID_REQUEST}) for a block that is not kept, or while a block is open
     */
    ChainHead rewindTo(BlockHash hash);

    /** The committed block at {@code number} on the current chain, if kept. */
    Optional<CommittedBlock> block(long number);

    /** The suspended execution {@code execution} in the committed state, if any. */
    Optional<Suspension> suspended(TxHash execution);

    /** The next nonce of {@code sender} in the committed state (0 for a sender never seen). */
    long nextNonce(Address sender);

    /** A decoded transaction: either its request or why it is invalid. */
    sealed interface Decoded {
        record Valid(ContractRequest request) implements Decoded {}

        record Invalid(ExecutionError.InvalidTransaction error) implements Decoded {}
    }
}
