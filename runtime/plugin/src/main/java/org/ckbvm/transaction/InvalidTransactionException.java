package org.ckbvm.transaction;

/** A transaction that cannot be decoded or whose signature does not check. */
public final class InvalidTransactionException extends Exception {
    public InvalidTransactionException(String reason) {
        super(reason, null, false, false);
    }
}
