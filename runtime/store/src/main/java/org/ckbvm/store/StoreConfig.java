package org.ckbvm.store;

/**
 * How a store is opened.
 *
 * @param blockCacheBytes the one LRU block cache shared by every column family. RocksDB's native
 *                        memory lives outside the Java heap, so it is sized here explicitly;
 *                        besides it the store uses at most {@link #WRITE_BUFFER_BYTES} of memtables
 * @param limits          operator limits on what new writes may add
 * @param createIfMissing create an empty store if the folder holds none (writers); readers such
 *                        as {@code store list} pass false and get {@link StoreError.NoStore}
 */
public record StoreConfig(long blockCacheBytes, StoreLimits limits, boolean createIfMissing) {
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;
    /** The memtable budget of the whole store, all column families together. */
    public static final long WRITE_BUFFER_BYTES = 64L << 20;

    public StoreConfig {
        if (blockCacheBytes < (1 << 20)) {
            throw new IllegalArgumentException("block cache must be at least 1 MiB, got " + blockCacheBytes);
        }
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** 32 MiB of block cache, no limits, create if missing. */
    public static StoreConfig defaults() {
        return new StoreConfig(DEFAULT_BLOCK_CACHE_BYTES, StoreLimits.UNLIMITED, true);
    }

    public StoreConfig withLimits(StoreLimits newLimits) {
        return new StoreConfig(blockCacheBytes, newLimits, createIfMissing);
    }

    public StoreConfig withCreateIfMissing(boolean create) {
        return new StoreConfig(blockCacheBytes, limits, create);
    }

    public StoreConfig withBlockCacheBytes(long bytes) {
        return new StoreConfig(bytes, limits, createIfMissing);
    }
}
