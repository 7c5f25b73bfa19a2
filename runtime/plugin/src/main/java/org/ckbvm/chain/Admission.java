package org.ckbvm.chain;

import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.InvalidTransactionException;

/**
 * What can be said of a transaction before looking at any state: valid in form (size,
 * encoding, signature, chain id, budget), or not. Pure, so a block admits its transactions in
 * parallel.
 */
sealed interface Admission {
    TxHash txHash();

    /** The execution the transaction is about (its own hash for a Call and for invalid bytes). */
    TxHash execution();

    record Invalid(TxHash txHash, TxHash execution, ExecutionError.InvalidTransaction error) implements Admission {}

    record Valid(ContractRequest request, int size) implements Admission {
        @Override
        public TxHash txHash() {
            return request.txHash();
        }

        @Override
        public TxHash execution() {
            return executionOf(request);
        }
    }

    static Admission of(byte[] signed, ChainSpec spec) {
        TxHash hash = ContractTransactions.hash(signed);
        if (signed.length > spec.maxTransactionBytes()) {
            return invalid(hash, hash, "the transaction is " + signed.length + " bytes, the chain allows "
                    + spec.maxTransactionBytes());
        }
        ContractRequest request;
        try {
            request = ContractTransactions.decode(signed);
        } catch (InvalidTransactionException e) {
            return invalid(hash, hash, e.getMessage());
        }
        TxHash execution = executionOf(request);
        if (request.chainId() != spec.chainId()) {
            return invalid(hash, execution, "chain id " + request.chainId() + ", this chain is " + spec.chainId());
        }
        long budget = request instanceof ContractRequest.Call c ? c.cycleBudget()
                : request instanceof ContractRequest.Resume r ? r.cycleBudget() : 1;
        if (budget <= 0) {
            return invalid(hash, execution, "the cycle budget must be positive, got " + Long.toUnsignedString(budget));
        }
        if (budget > spec.maxCyclesPerTransaction()) {
            return invalid(hash, execution, "a cycle budget of " + budget + ", the chain allows "
                    + spec.maxCyclesPerTransaction() + " per transaction");
        }
        return new Valid(request, signed.length);
    }

    private static Invalid invalid(TxHash hash, TxHash execution, String reason) {
        return new Invalid(hash, execution, new ExecutionError.InvalidTransaction(reason));
    }

    static TxHash executionOf(ContractRequest request) {
        if (request instanceof ContractRequest.Resume r) {
            return r.execution();
        }
        if (request instanceof ContractRequest.Cancel c) {
            return c.execution();
        }
        return request.txHash();
    }
}
