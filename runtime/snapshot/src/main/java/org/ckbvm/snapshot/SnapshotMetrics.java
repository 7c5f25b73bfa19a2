package org.ckbvm.snapshot;

/**
 * What one snapshot costs, as operators want to see it: how much of memory it had to copy, how
 * much it could reference from sources, its encoded size, and how long making it took. Times are
 * measurements for reports only; nothing hashed or serialized depends on them.
 *
 * @param totalPages  pages of guest memory
 * @param dirtyPages  pages carried as content
 * @param sourcePages pages referenced by (source, offset)
 * @param encodedBytes size of the canonical protobuf encoding
 * @param makeNanos   time to make and encode the snapshot
 */
public record SnapshotMetrics(long totalPages, long dirtyPages, long sourcePages, long encodedBytes, long makeNanos) {

    public static SnapshotMetrics of(Snapshot snapshot, long encodedBytes, long makeNanos) {
        return new SnapshotMetrics(snapshot.header().memorySize() >>> 12, snapshot.dirtyPageCount(),
                snapshot.sourcePageCount(), encodedBytes, makeNanos);
    }

    /** {@code dirty_pages / total_pages} as an exact decimal string with 6 places. */
    public String dirtyRatio() {
        return ratio(dirtyPages);
    }

    /** {@code pages_from_source / total_pages} as an exact decimal string with 6 places. */
    public String sourceRatio() {
        return ratio(sourcePages);
    }

    private String ratio(long part) {
        return java.math.BigDecimal.valueOf(part)
                .divide(java.math.BigDecimal.valueOf(totalPages), 6, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }
}
