package org.ckbvm.plugin.api;

/**
 * Resource limits a node operator sets for the plugin. A host offers it as a service
 * ({@code PluginContext#service}, beside {@link PluginConfiguration}); when absent the plugin uses
 * {@link #defaults()}. Work that would pass a limit is refused with
 * {@link ExecutionError.LimitExceeded} naming the limit; nothing already stored is lost.
 *
 * @param maxMemoryBytes        the guest memory of one execution: {@code start()} refuses a
 *                              {@link PluginConfiguration#memorySize()} above it
 * @param maxCyclesPerSegment   the largest cycle budget one Call or Resume may pay; a larger one
 *                              is refused before anything runs
 * @param maxCyclesPerExecution the most cycles an execution may use over all its segments
 *                              (load cost included); a run stopped by this cap fails and its
 *                              suspended state is removed
 * @param maxSnapshotBytes      the largest suspended state (encoded Snapshot2) that is saved; a
 *                              larger one is not, and the execution stays as it was before
 * @param maxSourceBlobBytes    the largest code or data blob a transaction may name; checked
 *                              before anything runs
 * @param maxSuspendedPerSender how many suspended executions one sender may own; a new suspension
 *                              beyond it is refused
 * @param maxStoreBytes         the most live bytes the store of suspended executions may hold; a
 *                              suspension that would pass it is refused
 */
public record ExecutionLimits(long maxMemoryBytes, long maxCyclesPerSegment, long maxCyclesPerExecution,
                              long maxSnapshotBytes, long maxSourceBlobBytes, int maxSuspendedPerSender,
                              long maxStoreBytes) {

    public ExecutionLimits {
        if (maxMemoryBytes <= 0 || maxCyclesPerSegment <= 0 || maxCyclesPerExecution <= 0 || maxSnapshotBytes <= 0
                || maxSourceBlobBytes <= 0 || maxSuspendedPerSender <= 0 || maxStoreBytes <= 0) {
            throw new IllegalArgumentException("every limit must be positive: " + this);
        }
    }

    /**
     * 64 MiB of guest memory, 3.5 billion cycles per segment (CKB's block cycle limit), 10^12 per
     * execution, 64 MiB snapshots, 16 MiB blobs, 64 suspended executions per sender, a 16 GiB store.
     */
    public static ExecutionLimits defaults() {
        return new ExecutionLimits(64L << 20, 3_500_000_000L, 1_000_000_000_000L, 64L << 20, 16L << 20, 64, 16L << 30);
    }

    /** No limit at all (tests and tools). */
    public static ExecutionLimits unlimited() {
        return new ExecutionLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public ExecutionLimits withMaxMemoryBytes(long v) {
        return new ExecutionLimits(v, maxCyclesPerSegment, maxCyclesPerExecution, maxSnapshotBytes, maxSourceBlobBytes,
                maxSuspendedPerSender, maxStoreBytes);
    }

    public ExecutionLimits withMaxCyclesPerSegment(long v) {
        return new ExecutionLimits(maxMemoryBytes, v, maxCyclesPerExecution, maxSnapshotBytes, maxSourceBlobBytes,
                maxSuspendedPerSender, maxStoreBytes);
    }

    public ExecutionLimits withMaxCyclesPerExecution(long v) {
        return new ExecutionLimits(maxMemoryBytes, maxCyclesPerSegment, v, maxSnapshotBytes, maxSourceBlobBytes,
                maxSuspendedPerSender, maxStoreBytes);
    }

    public ExecutionLimits withMaxSnapshotBytes(long v) {
        return new ExecutionLimits(maxMemoryBytes, maxCyclesPerSegment, maxCyclesPerExecution, v, maxSourceBlobBytes,
                maxSuspendedPerSender, maxStoreBytes);
    }

    public ExecutionLimits withMaxSourceBlobBytes(long v) {
        return new ExecutionLimits(maxMemoryBytes, maxCyclesPerSegment, maxCyclesPerExecution, maxSnapshotBytes, v,
                maxSuspendedPerSender, maxStoreBytes);
    }

    public ExecutionLimits withMaxSuspendedPerSender(int v) {
        return new ExecutionLimits(maxMemoryBytes, maxCyclesPerSegment, maxCyclesPerExecution, maxSnapshotBytes,
                maxSourceBlobBytes, v, maxStoreBytes);
    }

    public ExecutionLimits withMaxStoreBytes(long v) {
        return new ExecutionLimits(maxMemoryBytes, maxCyclesPerSegment, maxCyclesPerExecution, maxSnapshotBytes,
                maxSourceBlobBytes, maxSuspendedPerSender, v);
    }
}
