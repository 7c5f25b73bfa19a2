package org.ckbvm.suspension;

import java.util.List;
import java.util.Optional;

import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.store.ResumeCheck;

/**
 * Proves a snapshot resumable by resuming it on a scratch machine of its own header's
 * configuration: {@link SuspendableMachine#resume} recomputes the state root and refuses a
 * snapshot whose root is not the one it claims, or whose blobs are missing or differ.
 */
public final class ResumeProof implements ResumeCheck {
    public static final ResumeProof INSTANCE = new ResumeProof();

    private ResumeProof() {}

    @Override
    public Optional<String> failure(Snapshot snapshot, DataSource blobs) {
        try {
            SuspendableMachine.resume(snapshot, blobs, snapshot.header().toConfig(), s -> { }, List.of());
            return Optional.empty();
        } catch (ResumeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
