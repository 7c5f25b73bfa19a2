package org.ckbvm.vectors;

/**
 * What a vector pins of a Snapshot2: its page counts and the CKB hash of its canonical bytes
 * ({@code ckbvm.v1.Snapshot}, {@code proto/src/main/proto/snapshot.proto}, as
 * {@link org.ckbvm.snapshot.SnapshotCodec} writes it). The counts are CKB-VM semantics any
 * implementation can check; the hash pins our container byte for byte.
 *
 * @param dirtyPages  pages carried with their content ({@code dirty_pages})
 * @param sourcePages pages referenced from a source blob ({@code pages_from_source})
 * @param hash        CKB hash of the snapshot bytes, 64 lower-case hex digits
 */
public record SnapshotSummary(long dirtyPages, long sourcePages, String hash) {}
