package org.ckbvm.plugin.api;

/** Why a transaction failed: the closed set a node must handle. */
public sealed interface ExecutionError {
    /** A one-line description for logs and receipts. */
    String message();

    /** The contract failed in the VM (CKB-VM error {@code kind}, e.g. {@code MemOutOfBound}). */
    record VmFailure(String kind, String detail) implements ExecutionError {
        public String message() { return kind + ": " + detail; }
    }

    /** The contract exited with a non-zero code (a script failure in CKB's terms). */
    record NonZeroExit(int exitCode) implements ExecutionError {
        public String message() { return "contract exited with code " + exitCode; }
    }

    /** The sender is neither the execution's starter nor one of its controllers; nothing changed. */
    record Unauthorized(Address sender, TxHash execution) implements ExecutionError {
        public String message() { return sender + " may not act on execution " + execution; }
    }

    /** This transaction hash was seen before; nothing changed. */
    record Replay(TxHash txHash) implements ExecutionError {
        public String message() { return "transaction " + txHash + " was already executed"; }
    }

    /** No suspended execution has this key. */
    record UnknownExecution(TxHash execution) implements ExecutionError {
        public String message() { return "no suspended execution " + execution; }
    }

    /** The transaction bytes or signature are invalid, or it is for another chain. */
    record InvalidTransaction(String reason) implements ExecutionError {
        public String message() { return "invalid transaction: " + reason; }
    }

    /** The data source does not have a blob the execution needs. */
    record MissingSource(SourceId id) implements ExecutionError {
        public String message() { return "missing data source " + id; }
    }

    /** An operator limit refused the work (cycles, snapshot size, store size, executions per sender). */
    record LimitExceeded(String limit, String detail) implements ExecutionError {
        public String message() { return limit + ": " + detail; }
    }

    /** A stored snapshot could not be resumed (corrupt, or its state root does not verify). */
    record SnapshotRejected(String reason) implements ExecutionError {
        public String message() { return "snapshot rejected: " + reason; }
    }
}
