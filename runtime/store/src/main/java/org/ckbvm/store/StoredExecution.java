package org.ckbvm.store;

import java.util.Arrays;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;

/**
 * A suspended execution as read back from the store: exactly the snapshot that was put (its
 * SnapshotCodec bytes hash to {@link #snapshotDigest}), whose state root was re-verified on read.
 *
 * @param snapshotBytes  the length of the snapshot's SnapshotCodec encoding
 * @param snapshotDigest the CKB hash of that encoding
 */
public record StoredExecution(TxHash tx, ExecutionMetadata metadata, Snapshot snapshot, int snapshotBytes,
                              byte[] snapshotDigest) {
    public StoredExecution {
        snapshotDigest = snapshotDigest.clone();
    }

    @Override
    public byte[] snapshotDigest() {
        return snapshotDigest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredExecution s && tx.equals(s.tx) && metadata.equals(s.metadata)
                && snapshot.equals(s.snapshot) && snapshotBytes == s.snapshotBytes
                && Arrays.equals(snapshotDigest, s.snapshotDigest);
    }

    @Override
    public int hashCode() {
        return tx.hashCode();
    }
}
