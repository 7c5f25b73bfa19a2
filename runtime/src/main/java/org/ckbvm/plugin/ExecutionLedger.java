package org.ckbvm.plugin;

import java.util.Optional;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;

/**
 * What the plugin needs from storage: suspended executions by key, and the set of transaction
 * hashes already executed (replay protection). Each write is atomic and durable when it returns,
 * and records the transaction that caused it as executed in the same write.
 */
public interface ExecutionLedger extends AutoCloseable {

    /** The suspended execution under {@code execution}, verified on read. */
    Optional<SuspendedExecution> load(TxHash execution) throws LedgerException;

    /** Saves (or replaces) a suspended execution and records {@code tx} as executed. */
    void suspend(TxHash tx, SuspendedExecution execution) throws LedgerException;

    /** Removes a suspended execution, if present, and records {@code tx} as executed. */
    void finish(TxHash tx, TxHash execution) throws LedgerException;

    /** Whether {@code tx} was executed before. */
    boolean executed(TxHash tx) throws LedgerException;

    /** How many suspended executions {@code owner} owns now (the per-sender limit counts these). */
    int suspendedBy(Address owner) throws LedgerException;

    @Override
    void close();

    /** Storage failed or refused (a corrupt entry, a limit, an I/O error). */
    final class LedgerException extends Exception {
        private final String limit;

        public LedgerException(String message, Throwable cause) {
            this(message, cause, null);
        }

        /** A write refused by the operator limit {@code limit} (e.g. "max store size"); nothing was written. */
        public LedgerException(String message, Throwable cause, String limit) {
            super(message, cause);
            this.limit = limit;
        }

        /** The limit that refused the write, or empty for any other failure. */
        public java.util.Optional<String> limit() {
            return java.util.Optional.ofNullable(limit);
        }
    }
}
