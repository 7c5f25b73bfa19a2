package org.ckbvm.store;

import java.util.Optional;

import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.snapshot.Snapshot;

/**
 * Whether a snapshot resumes to its own state root: supplied by the layer above the store
 * ({@code org.ckbvm.suspension.ResumeProof}), because proving it means running a machine and the
 * store runs none. The store asks it before a put or import commits (so every stored execution
 * is resumable) and after a read has proven every byte (so a read returns only what resumes).
 */
@FunctionalInterface
public interface ResumeCheck {
    /** Checks nothing: the store then proves bytes only (CRCs, hashes, reassembly), not resumability. */
    ResumeCheck NONE = (snapshot, blobs) -> Optional.empty();

    /**
     * Why {@code snapshot} does not resume to its state root with {@code blobs} (each already
     * checked against its id), or empty if it does.
     */
    Optional<String> failure(Snapshot snapshot, DataSource blobs);
}
