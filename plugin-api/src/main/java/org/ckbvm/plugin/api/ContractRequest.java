package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A decoded, signature-checked contract transaction: the closed set of things a sender can ask.
 * Every request names its own transaction hash, its sender (recovered from the signature), the
 * chain id and the sender's nonce. The plugin builds these ({@link ContractExecutionService#decode});
 * a node reads them, e.g. to order its transaction pool by sender and nonce.
 */
public sealed interface ContractRequest {
    /**
     * The transaction's hash.
     *
     * @return Keccak-256 of the signed transaction bytes
     */
    TxHash txHash();

    /**
     * Who signed the transaction.
     *
     * @return the address recovered from the signature
     */
    Address sender();

    /**
     * The chain the transaction was signed for.
     *
     * @return the chain id; it must equal {@link ChainSpec#chainId()} for the transaction to execute
     */
    long chainId();

    /**
     * The sender's transaction counter.
     *
     * @return the nonce; it must equal the sender's next nonce
     *         ({@link ContractExecutionService#nextNonce}) or the transaction is rejected
     */
    long nonce();

    /**
     * Runs a contract: the code blob {@code code} with argv {@code args}; {@code sources} are the
     * blobs it may load (cell deps 0..n-1); at most {@code cycleBudget} cycles in this segment.
     * {@code controllers} may resume, cancel or delete the execution besides the sender. The hash
     * of the Call names the execution it starts.
     *
     * @param txHash      this transaction's hash
     * @param sender      the signer, recovered from the signature
     * @param chainId     the chain the transaction was signed for
     * @param nonce       the sender's nonce; it must equal the sender's next nonce to execute
     * @param code        the program blob's source id
     * @param args        the program's argv; an unmodifiable list of copied arrays, which callers
     *                    must not modify
     * @param sources     the blobs the program may load, in cell-dep order; unmodifiable
     * @param cycleBudget the most cycles this segment may run; in a request that {@code decode}
     *                    accepts, between 1 and {@link ChainSpec#maxCyclesPerTransaction()}
     * @param controllers who besides the sender may resume or cancel the execution; unmodifiable
     */
    record Call(TxHash txHash, Address sender, long chainId, long nonce, SourceId code, List<byte[]> args,
                List<SourceId> sources, long cycleBudget, List<Address> controllers) implements ContractRequest {
        /**
         * Copies {@code args} (each array too), {@code sources} and {@code controllers}.
         *
         * @param txHash      this transaction's hash
         * @param sender      the signer
         * @param chainId     the chain it was signed for
         * @param nonce       the sender's nonce
         * @param code        the program blob
         * @param args        the argv; copied, each array too
         * @param sources     the loadable blobs; copied
         * @param cycleBudget the segment's cycle budget
         * @param controllers who else may act on the execution; copied
         * @throws NullPointerException if a list or one of its elements is null
         */
        public Call {
            args = args.stream().map(byte[]::clone).toList();
            sources = List.copyOf(sources);
            controllers = List.copyOf(controllers);
        }
    }

    /**
     * Pays {@code cycleBudget} more cycles to continue the suspended execution {@code execution}.
     *
     * @param txHash      this transaction's hash
     * @param sender      the signer, recovered from the signature
     * @param chainId     the chain the transaction was signed for
     * @param nonce       the sender's nonce; it must equal the sender's next nonce to execute
     * @param execution   the hash of the Call that started the execution
     * @param cycleBudget the most cycles this segment may run; in a request that {@code decode}
     *                    accepts, between 1 and {@link ChainSpec#maxCyclesPerTransaction()}
     */
    record Resume(TxHash txHash, Address sender, long chainId, long nonce, TxHash execution, long cycleBudget)
            implements ContractRequest {}

    /**
     * Abandons the suspended execution {@code execution} and deletes its snapshot.
     *
     * @param txHash    this transaction's hash
     * @param sender    the signer, recovered from the signature
     * @param chainId   the chain the transaction was signed for
     * @param nonce     the sender's nonce; it must equal the sender's next nonce to execute
     * @param execution the hash of the Call that started the execution
     */
    record Cancel(TxHash txHash, Address sender, long chainId, long nonce, TxHash execution)
            implements ContractRequest {}
}
