package org.ckbvm.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ckbvm.audit.SuspendedExecution;
import org.ckbvm.audit.SuspendedExecutions;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.store.ExecutionSummary;
import org.ckbvm.store.Listing;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.StoredExecution;

/**
 * The suspended executions of a node's store ({@code audit --db DIR}), with the store's blobs:
 * the adapter between the store and {@code audit}, which sees only {@link SuspendedExecutions} (so
 * {@code audit} does not depend on {@code store}; it sits above it in the package order).
 * The store keeps no starting points, so its executions are audited by recomputing roots; an
 * entry the store itself cannot read is reported, not skipped.
 */
public final class StoreExecutions implements SuspendedExecutions {
    private final SnapshotStore store;
    private final List<String> unreadable = new ArrayList<>();

    public StoreExecutions(SnapshotStore store) {
        this.store = store;
    }

    @Override
    public String describe() {
        return "store " + store.directory();
    }

    @Override
    public List<String> ids() throws IOException {
        try {
            Listing listing = store.list(Optional.empty());
            listing.problems().forEach(p -> unreadable.add(p.toString()));
            List<String> ids = new ArrayList<>();
            for (ExecutionSummary e : listing.entries()) {
                ids.add(e.tx().toString());
            }
            return ids;
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Entries the store could not read while listing (already quarantined by it). */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    @Override
    public SuspendedExecution load(String id) throws IOException {
        try {
            StoredExecution stored = store.get(TxHash.fromHex(id))
                    .orElseThrow(() -> new IOException("execution " + id + " disappeared from the store"));
            return new SuspendedExecution(id, SnapshotCodec.encode(stored.snapshot()), Optional.empty());
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public DataSource blobs() {
        return store;
    }
}
