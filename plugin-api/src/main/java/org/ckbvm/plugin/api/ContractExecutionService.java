package org.ckbvm.plugin.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs contract transactions; offered by the plugin to the host once started. Thread-safe:
 * independent transactions run in parallel, segments of one execution one after another.
 */
public interface ContractExecutionService {

    /**
     * Decodes and checks a signed transaction without running it.
     *
     * @return the request, or the error that {@link #submit} would report
     */
    Decoded decode(byte[] signedTransaction);

    /**
     * Executes a signed transaction at the given block height and returns its receipt. A
     * {@link Receipt.Suspended} receipt is returned only after the execution's snapshot is durable.
     */
    Receipt submit(byte[] signedTransaction, long blockHeight);

    /** {@link #submit} on the plugin's bounded executor. */
    CompletableFuture<Receipt> submitAsync(byte[] signedTransaction, long blockHeight);

    /** The last receipt of a suspended execution, if it is suspended. */
    Optional<Receipt.Suspended> suspended(TxHash execution);

    /** A decoded transaction: either its request or why it is invalid. */
    sealed interface Decoded {
        record Valid(ContractRequest request) implements Decoded {}

        record Invalid(ExecutionError.InvalidTransaction error) implements Decoded {}
    }
}
