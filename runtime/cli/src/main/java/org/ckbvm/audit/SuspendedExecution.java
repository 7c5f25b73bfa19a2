package org.ckbvm.audit;

import java.util.Optional;

/**
 * One suspended execution: the encoded snapshot as stored (audited as bytes, so a snapshot that
 * no longer decodes is a finding, not a crash), and the point it can be re-executed from, if the
 * collection keeps one.
 */
public record SuspendedExecution(String id, byte[] snapshot, Optional<StartingPoint> start) {
    public SuspendedExecution {
        snapshot = snapshot.clone();
    }

    @Override
    public byte[] snapshot() {
        return snapshot.clone();
    }
}
