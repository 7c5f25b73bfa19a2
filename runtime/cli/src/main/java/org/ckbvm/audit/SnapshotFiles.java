package org.ckbvm.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.source.InMemoryDataSource;

/**
 * Snapshot files on disk with the blob files they reference (the program included), as
 * {@code audit --snapshot FILE --source PATH ...} names them. A file records no starting point,
 * so these are audited by recomputing roots only.
 */
public final class SnapshotFiles implements SuspendedExecutions {
    private final List<Path> snapshots;
    private final InMemoryDataSource blobs = new InMemoryDataSource();

    public SnapshotFiles(List<Path> snapshots, List<Path> blobFiles) throws IOException {
        this.snapshots = List.copyOf(snapshots);
        for (Path p : blobFiles) {
            blobs.add(Files.readAllBytes(p));
        }
    }

    @Override
    public String describe() {
        return snapshots.size() == 1 ? "snapshot file " + snapshots.get(0) : snapshots.size() + " snapshot files";
    }

    @Override
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        snapshots.forEach(p -> ids.add(p.toString()));
        return ids;
    }

    @Override
    public SuspendedExecution load(String id) throws IOException {
        if (!ids().contains(id)) {
            throw new IOException("no snapshot file " + id + " in this collection");
        }
        return new SuspendedExecution(id, Files.readAllBytes(Path.of(id)), Optional.empty());
    }

    @Override
    public DataSource blobs() {
        return blobs;
    }
}
