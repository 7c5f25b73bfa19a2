package org.ckbvm.scheduler;

/**
 * A suspended scheduler state that is refused, with the typed reason. Checked, as snapshot errors
 * are: the bytes come from storage or the network, and every caller decides what a bad one means.
 */
public final class SchedulerStateException extends Exception {
    private final transient SchedulerStateError reason;

    public SchedulerStateException(SchedulerStateError reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    public SchedulerStateError reason() {
        return reason;
    }
}
