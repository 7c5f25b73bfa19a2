package org.ckbvm.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and sizes of a store at one point in time.
 *
 * @param executions      stored executions
 * @param snapshotBytes   their snapshots' SnapshotCodec sizes, summed
 * @param pages           distinct dirty pages stored
 * @param pageReferences  dirty pages over all executions, counting every occurrence
 * @param blobs           distinct source blobs stored
 * @param blobBytes       their sizes, summed
 * @param blobReferences  (execution, blob) pairs
 * @param logicalBytes    what the executions would cost stored apart: each one's snapshot plus
 *                        every blob it needs
 * @param liveBytes       what they cost here: keys plus values of every live entry (records,
 *                        pages, blobs and references), before compression
 * @param quarantined     entries moved aside as corrupt
 * @param quarantineBytes their keys plus values
 * @param rocksdb         RocksDB's own figures (SST and memtable sizes, key estimates, block cache)
 * @param diskBytes       the store folder's size on disk (SST files, WAL, manifest, logs)
 */
public record StoreStats(long executions, long snapshotBytes, long pages, long pageReferences, long blobs,
                         long blobBytes, long blobReferences, long logicalBytes, long liveBytes, long quarantined,
                         long quarantineBytes, Map<String, Long> rocksdb, long diskBytes) {
    public StoreStats {
        rocksdb = java.util.Collections.unmodifiableMap(new TreeMap<>(rocksdb));
    }

    /** logicalBytes / liveBytes, 3 decimals (display only). */
    public BigDecimal dedupRatio() {
        return ratio(logicalBytes, liveBytes);
    }

    /** pageReferences / pages, 3 decimals (display only). */
    public BigDecimal pageDedupRatio() {
        return ratio(pageReferences, pages);
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(3)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 3, RoundingMode.HALF_EVEN);
    }
}
