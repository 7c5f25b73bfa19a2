package org.ckbvm.store;

/**
 * Which executions {@code prune} removes. Age order, wherever a policy needs one, is oldest
 * first by (created-at seconds, created-at block with "none" first, transaction hash): total and
 * independent of the order entries were written in.
 */
public sealed interface PrunePolicy {

    /** Removes executions created before {@code cutoffSeconds} (Unix seconds). */
    record CreatedBefore(long cutoffSeconds) implements PrunePolicy {}

    /** Removes executions created at a block height below {@code cutoffBlock}; those without a height stay. */
    record CreatedBeforeBlock(long cutoffBlock) implements PrunePolicy {}

    /** Keeps the {@code count} newest executions, removes the rest. */
    record KeepLast(int count) implements PrunePolicy {
        public KeepLast {
            if (count < 0) {
                throw new IllegalArgumentException("keep-last count must not be negative, got " + count);
            }
        }
    }

    /** Removes the oldest executions until the store's live bytes are at most {@code maxBytes}. */
    record MaxBytes(long maxBytes) implements PrunePolicy {
        public MaxBytes {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("max bytes must not be negative, got " + maxBytes);
            }
        }
    }
}
