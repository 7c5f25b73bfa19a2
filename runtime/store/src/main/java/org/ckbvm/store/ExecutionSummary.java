package org.ckbvm.store;

import java.util.Arrays;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;

/**
 * One line of {@code store list}: what the execution's record says, read without its pages.
 *
 * @param snapshotBytes the length of the snapshot's SnapshotCodec encoding
 * @param dirtyPages    pages carried with content (stored once each, by hash)
 * @param sourcePages   pages referenced from source blobs
 * @param cycles        cycles consumed when suspended
 * @param maxCycles     the cycle limit it was suspended at
 */
public record ExecutionSummary(TxHash tx, ExecutionMetadata metadata, Snapshot.Kind kind, int snapshotBytes,
                               long dirtyPages, long sourcePages, long cycles, long maxCycles, byte[] stateRoot) {
    public ExecutionSummary {
        stateRoot = stateRoot.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionSummary s && tx.equals(s.tx) && metadata.equals(s.metadata) && kind == s.kind
                && snapshotBytes == s.snapshotBytes && dirtyPages == s.dirtyPages && sourcePages == s.sourcePages
                && cycles == s.cycles && maxCycles == s.maxCycles && Arrays.equals(stateRoot, s.stateRoot);
    }

    @Override
    public int hashCode() {
        return tx.hashCode();
    }
}
