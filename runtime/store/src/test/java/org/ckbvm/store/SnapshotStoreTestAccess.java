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

    /** Flips one byte in the middle of an execution's record (its checksum no longer holds). */
    public void damageRecord(byte[] tx) throws Exception {
        byte[] value = raw.get("executions", tx);
        if (value == null) {
            throw new IllegalArgumentException("no record to damage");
        }
        value[value.length / 2] ^= 0x5a;
        raw.put("executions", tx, value);
    }

    @Override
    public void close() {
        raw.close();
    }
}
