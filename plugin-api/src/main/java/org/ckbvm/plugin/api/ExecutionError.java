package org.ckbvm.plugin.api;

/**
 * Why a transaction failed or was rejected: the closed set a node must handle. Each is a
 * consensus outcome, the same on every node; local faults are {@link NodeFault}s instead.
 */
public sealed interface ExecutionError {
    /**
     * A one-line description for logs; the text is not part of consensus, so do not parse it.
     *
     * @return the description, never null
     */
    String message();

    /**
     * The contract failed in the VM (CKB-VM error {@code kind}, e.g. {@code MemOutOfBound}).
     *
     * @param kind   the CKB-VM error's name (part of the receipt's encoding)
     * @param detail the VM's message, for logs; not encoded, so empty in receipts read back from
     *               {@link ContractExecutionService#block}
     */
    record VmFailure(String kind, String detail) implements ExecutionError {
        public String message() { return kind + ": " + detail; }
    }

    /**
     * The contract exited with a non-zero code (a script failure in CKB's terms).
     *
     * @param exitCode the code the contract passed to exit, never 0
     */
    record NonZeroExit(int exitCode) implements ExecutionError {
        public String message() { return "contract exited with code " + exitCode; }
    }

    /**
     * The sender is neither the execution's starter nor one of its controllers; nothing changed.
     *
     * @param sender    who tried to resume or cancel
     * @param execution the execution they named
     */
    record Unauthorized(Address sender, TxHash execution) implements ExecutionError {
        public String message() { return sender + " may not act on execution " + execution; }
    }

    /**
     * No suspended execution has this key (never started, or already ended).
     *
     * @param execution the key a Resume or Cancel named
     */
    record UnknownExecution(TxHash execution) implements ExecutionError {
        public String message() { return "no suspended execution " + execution; }
    }

    /**
     * The transaction is not valid (bytes, signature, chain id, a budget of zero or above the
     * chain's cap, its size): it is rejected, not executed.
     *
     * @param reason what is wrong, for logs; not encoded, so empty in receipts read back from
     *               {@link ContractExecutionService#block}
     */
    record InvalidTransaction(String reason) implements ExecutionError {
        public String message() { return "invalid transaction: " + reason; }
    }

    /**
     * The sender's next nonce is {@code expected}; the transaction carries {@code actual} (a
     * replay, a gap or a reordering): it is rejected, not executed.
     *
     * @param sender   the transaction's sender
     * @param expected the sender's next nonce in the state the transaction met
     * @param actual   the nonce the transaction carries
     */
    record NonceMismatch(Address sender, long expected, long actual) implements ExecutionError {
        public String message() { return sender + " expects nonce " + expected + ", got " + actual; }
    }

    /**
     * The data source does not have a blob the execution needs.
     *
     * @param id the missing blob's source id
     */
    record MissingSource(SourceId id) implements ExecutionError {
        public String message() { return "missing data source " + id; }
    }

    /**
     * A limit of the chain specification refused the work (cycles, snapshot or blob size, executions per owner).
     *
     * @param limit  which limit, e.g. {@code max snapshot size} (part of the receipt's encoding)
     * @param detail the amounts involved, for logs; not encoded, so empty in receipts read back
     *               from {@link ContractExecutionService#block}
     */
    record LimitExceeded(String limit, String detail) implements ExecutionError {
        public String message() { return limit + ": " + detail; }
    }
}
