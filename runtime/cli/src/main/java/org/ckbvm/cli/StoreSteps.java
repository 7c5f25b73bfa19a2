package org.ckbvm.cli;

import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreException;

/**
 * What {@code run --db} and {@code resume --db} do with the store entry when a segment ends:
 * a stop on the cycle limit is (re)stored; a finished execution (exit or VM error) is removed,
 * since it has nothing left to resume and its outcome is the receipt. A crash between the run
 * and the removal leaves the entry, and resuming it again replays the same deterministic segment.
 */
final class StoreSteps {
    /** The process status when the store refused a write (e.g. a limit). */
    static final int STATUS_STORE_ERROR = ExitStatus.STORE;

    private StoreSteps() {}

    static SegmentReport.StoreStep suspendOrNothing(SnapshotStore store, TxHash tx, ExecutionMetadata metadata,
                                                    DataSource blobs, Snapshot.Kind kind) {
        return (sm, result, outcome) -> {
            outcome.with("tx", "0x" + tx.toHex());
            if (!(result instanceof RunResult.CyclesExceeded)) {
                outcome.with("store", "none");
                return -1;
            }
            try {
                store.putNew(tx, sm.snapshot(kind), metadata, blobs);
                outcome.with("store", "suspended");
                return -1;
            } catch (StoreException e) {
                outcome.with("store", "error").with("store_error", e.getMessage());
                return STATUS_STORE_ERROR;
            }
        };
    }

    static SegmentReport.StoreStep suspendOrRemove(SnapshotStore store, TxHash tx, ExecutionMetadata next,
                                                   Snapshot.Kind kind) {
        return (sm, result, outcome) -> {
            outcome.with("tx", "0x" + tx.toHex());
            try {
                if (result instanceof RunResult.CyclesExceeded) {
                    // the store already holds every blob the execution needs: it is its own source
                    store.put(tx, sm.snapshot(kind), next, store);
                    outcome.with("store", "suspended");
                } else {
                    store.delete(tx);
                    outcome.with("store", "removed");
                }
                return -1;
            } catch (StoreException e) {
                outcome.with("store", "error").with("store_error", e.getMessage());
                return STATUS_STORE_ERROR;
            }
        };
    }
}
