package org.ckbvm.store;

/**
 * Operator limits. A write that would pass a limit is refused with
 * {@link StoreError.LimitExceeded}; nothing already stored is touched, so a full store keeps
 * serving every execution it holds and frees space through delete and prune.
 *
 * @param maxSnapshotBytes the largest snapshot accepted, measured as its SnapshotCodec encoding
 * @param maxStoreBytes    the most live bytes the store may hold, counted as the keys plus values
 *                         of every live entry (before RocksDB's compression; see
 *                         {@link StoreStats#liveBytes()})
 */
public record StoreLimits(long maxSnapshotBytes, long maxStoreBytes) {
    public static final StoreLimits UNLIMITED = new StoreLimits(Long.MAX_VALUE, Long.MAX_VALUE);

    public StoreLimits {
        if (maxSnapshotBytes <= 0 || maxStoreBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive, got " + maxSnapshotBytes + " and " + maxStoreBytes);
        }
    }
}
