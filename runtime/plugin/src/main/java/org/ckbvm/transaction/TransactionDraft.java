package org.ckbvm.transaction;

import java.util.List;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;

/** A contract transaction before signing; {@link ContractTransactions#sign} turns it into bytes. */
public sealed interface TransactionDraft {
    long chainId();

    long nonce();

    record Call(long chainId, long nonce, SourceId code, List<byte[]> args, List<SourceId> sources,
                long cycleBudget, List<Address> controllers) implements TransactionDraft {
        public Call {
            args = args.stream().map(byte[]::clone).toList();
            sources = List.copyOf(sources);
            controllers = List.copyOf(controllers);
        }
    }

    record Resume(long chainId, long nonce, TxHash execution, long cycleBudget) implements TransactionDraft {}

    record Cancel(long chainId, long nonce, TxHash execution) implements TransactionDraft {}
}
