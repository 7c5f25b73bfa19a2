package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A decoded, signature-checked contract transaction: the closed set of things a sender can ask.
 * Every request names its own transaction hash, its sender (recovered from the signature), the
 * chain id and the sender's nonce.
 */
public sealed interface ContractRequest {
    TxHash txHash();

    Address sender();

    long chainId();

    long nonce();

    /**
     * Runs a contract: the code blob {@code code} with argv {@code args}; {@code sources} are the
     * blobs it may load (cell deps 0..n-1); at most {@code cycleBudget} cycles in this segment.
     * {@code controllers} may resume, cancel or delete the execution besides the sender.
     */
    record Call(TxHash txHash, Address sender, long chainId, long nonce, SourceId code, List<byte[]> args,
                List<SourceId> sources, long cycleBudget, List<Address> controllers) implements ContractRequest {
        public Call {
            args = args.stream().map(byte[]::clone).toList();
            sources = List.copyOf(sources);
            controllers = List.copyOf(controllers);
        }
    }

    /** Pays {@code cycleBudget} more cycles to continue the suspended execution {@code execution}. */
    record Resume(TxHash txHash, Address sender, long chainId, long nonce, TxHash execution, long cycleBudget)
            implements ContractRequest {}

    /** Abandons the suspended execution {@code execution} and deletes its snapshot. */
    record Cancel(TxHash txHash, Address sender, long chainId, long nonce, TxHash execution)
            implements ContractRequest {}
}
