package org.ckbvm.store;

import java.nio.file.Path;

/** Lets tests outside this package damage a closed store on purpose. */
public final class SnapshotStoreTestAccess implements AutoCloseable {
    private final RawDb raw;

    private SnapshotStoreTestAccess(RawDb raw) {
        this.raw = raw;
    }

    public static SnapshotStoreTestAccess open(Path dir) throws Exception {
        return new SnapshotStoreTestAccess(new RawDb(dir));
    }

    public void removeBlob(byte[] id) throws Exception {
        raw.delete("blobs", id);
    }

    @Override
    public void close() {
        raw.close();
    }
}
