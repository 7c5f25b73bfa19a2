package org.ckbvm.source;

import java.util.Optional;
import java.util.TreeMap;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;

/** Blobs held in memory, each under its content hash (used by the CLI, tests and the demo host). */
public final class InMemoryDataSource implements DataSource {
    private final TreeMap<SourceId, byte[]> blobs = new TreeMap<>();

    /** Adds a blob and returns its id, the hash of its content. */
    public synchronized SourceId add(byte[] blob) {
        SourceId id = CkbHash.sourceId(blob);
        blobs.put(id, blob.clone());
        return id;
    }

    public synchronized boolean contains(SourceId id) {
        return blobs.containsKey(id);
    }

    @Override
    public synchronized Optional<DataSlice> load(SourceId id, long offset, long length) {
        byte[] blob = blobs.get(id);
        return blob == null ? Optional.empty() : Optional.of(DataSlice.of(blob, offset, length));
    }
}
