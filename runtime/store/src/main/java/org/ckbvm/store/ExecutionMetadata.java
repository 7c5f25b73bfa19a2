package org.ckbvm.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the store keeps beside a suspended execution's snapshot. None of it is machine state and
 * none of it is hashed into the state root; it is supplied by the caller (the node plugin passes
 * the block it is executing; the CLI passes the wall clock), so the store itself never reads a
 * clock.
 *
 * @param owner            who the execution belongs to (e.g. the transaction's sender), at most
 *                         {@link #MAX_OWNER_BYTES} bytes of UTF-8; empty if unknown
 * @param createdAtSeconds when the execution was first suspended, Unix seconds (u64)
 * @param createdAtBlock   the block height it was first suspended at, if the caller knows one
 * @param cyclesPaid       the cycle budget paid for so far (u64): the absolute limit of the last
 *                         segment, since CKB-VM's cycle limits are absolute
 * @param segments         how many segments have run (1 after the first suspension)
 * @param attachment       opaque bytes of the application that suspended it (the node plugin keeps
 *                         the execution's controllers and script here), at most
 *                         {@link #MAX_ATTACHMENT_BYTES}; stored, exported and verified with the record
 */
public record ExecutionMetadata(String owner, long createdAtSeconds, OptionalLong createdAtBlock, long cyclesPaid,
                                int segments, byte[] attachment) {
    public static final int MAX_OWNER_BYTES = 256;
    public static final int MAX_ATTACHMENT_BYTES = 64 << 10;

    /** Metadata without an attachment. */
    public ExecutionMetadata(String owner, long createdAtSeconds, OptionalLong createdAtBlock, long cyclesPaid,
                             int segments) {
        this(owner, createdAtSeconds, createdAtBlock, cyclesPaid, segments, new byte[0]);
    }

    public ExecutionMetadata {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAtBlock, "createdAtBlock");
        if (owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("owner is longer than " + MAX_OWNER_BYTES + " bytes of UTF-8");
        }
        if (segments < 0) {
            throw new IllegalArgumentException("segments must not be negative, got " + segments);
        }
        Objects.requireNonNull(attachment, "attachment");
        if (attachment.length > MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("attachment is longer than " + MAX_ATTACHMENT_BYTES + " bytes");
        }
        attachment = attachment.clone();
    }

    @Override
    public byte[] attachment() {
        return attachment.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionMetadata m && owner.equals(m.owner) && createdAtSeconds == m.createdAtSeconds
                && createdAtBlock.equals(m.createdAtBlock) && cyclesPaid == m.cyclesPaid && segments == m.segments
                && java.util.Arrays.equals(attachment, m.attachment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, createdAtSeconds, createdAtBlock, cyclesPaid, segments)
                * 31 + java.util.Arrays.hashCode(attachment);
    }

    /** The metadata after one more segment, paid up to {@code newCyclesPaid}. */
    public ExecutionMetadata nextSegment(long newCyclesPaid) {
        return new ExecutionMetadata(owner, createdAtSeconds, createdAtBlock, newCyclesPaid, segments + 1, attachment);
    }
}
