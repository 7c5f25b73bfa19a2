package org.ckbvm.snapshot;

/**
 * Snapshot bytes (or a snapshot value) that {@link SnapshotCodec} refuses, with the typed reason.
 * Checked: snapshot bytes come from storage or the network, and every caller has to decide what
 * a bad one means. No stack trace is filled in: a rejected input is an expected outcome, and
 * the reason says everything.
 */
public final class SnapshotFormatException extends Exception {
    private final transient SnapshotFormatError reason;

    public SnapshotFormatException(SnapshotFormatError reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    public SnapshotFormatError reason() {
        return reason;
    }
}
