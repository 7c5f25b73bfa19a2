package org.ckbvm.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * The consensus parameters every node of a chain shares: a receipt depends only on these, the
 * committed state, the transaction and its block. A host offers it as a service
 * ({@code PluginContext#service}); when absent the plugin uses {@link #defaults()}. Nothing local
 * (threads, caches, disk) is here: see {@link PluginConfiguration}.
 *
 * @param chainId                  transactions signed for another chain are rejected
 * @param forks                    the fork schedule: the machine profile of a Call is the one of
 *                                 the last fork whose {@code fromBlock} is at or below the
 *                                 Call's block; a suspended execution keeps its profile for life
 *                                 (CKB likewise fixes a script's VM version by its hash type)
 * @param maxCyclesPerTransaction  the largest cycle budget a Call or Resume may carry; a larger
 *                                 one is rejected before anything runs
 * @param maxCyclesPerExecution    the most cycles an execution may use over all its segments; a
 *                                 run stopped by this cap fails and the execution is removed
 * @param maxSnapshotBytes         the largest suspended state (encoded Snapshot2) kept; a larger
 *                                 one fails the transaction (charged) and leaves the execution
 *                                 as it was before it
 * @param maxBlobBytes             the largest code or data blob a Call may name
 * @param maxSuspendedPerSender    how many suspended executions one owner may have at once
 * @param maxTransactionBytes      the largest signed transaction accepted
 * @param intrinsicCycles          charged to every executed transaction before it runs
 * @param cyclesPerTransactionByte charged per byte of the signed transaction, on top
 */
public record ChainSpec(long chainId, List<Fork> forks, long maxCyclesPerTransaction, long maxCyclesPerExecution,
                        long maxSnapshotBytes, long maxBlobBytes, int maxSuspendedPerSender, int maxTransactionBytes,
                        long intrinsicCycles, long cyclesPerTransactionByte) {

    /**
     * The machine profile from block {@code fromBlock} on.
     *
     * @param machineVersion CKB-VM machine version (0, 1 or 2)
     * @param isa            comma list from {@code imc,a,b,mop}
     * @param costModel      {@code ckb} or {@code unit}
     * @param memorySize     guest memory in bytes, a positive multiple of 4096
     */
    public record Fork(long fromBlock, int machineVersion, String isa, String costModel, long memorySize) {
        public Fork {
            Objects.requireNonNull(isa, "isa");
            Objects.requireNonNull(costModel, "costModel");
            if (fromBlock < 0 || machineVersion < 0 || machineVersion > 2 || memorySize <= 0 || memorySize % 4096 != 0) {
                throw new IllegalArgumentException("bad fork " + fromBlock + "/" + machineVersion + "/" + memorySize);
            }
        }
    }

    public ChainSpec {
        forks = List.copyOf(forks);
        if (forks.isEmpty() || forks.get(0).fromBlock() != 0) {
            throw new IllegalArgumentException("the fork schedule must start at block 0");
        }
        for (int i = 1; i < forks.size(); i++) {
            if (forks.get(i).fromBlock() <= forks.get(i - 1).fromBlock()) {
                throw new IllegalArgumentException("forks must be in strictly increasing block order");
            }
        }
        if (maxCyclesPerTransaction <= 0 || maxCyclesPerExecution <= 0 || maxSnapshotBytes <= 0 || maxBlobBytes <= 0
                || maxSuspendedPerSender <= 0 || maxTransactionBytes <= 0 || intrinsicCycles < 0
                || cyclesPerTransactionByte < 0) {
            throw new IllegalArgumentException("every limit must be positive and every cost non-negative");
        }
    }

    /** The profile that applies to a Call in block {@code number}. */
    public Fork forkAt(long number) {
        Fork chosen = forks.get(0);
        for (Fork f : forks) {
            if (f.fromBlock() <= number) {
                chosen = f;
            }
        }
        return chosen;
    }

    /**
     * Chain 1: CKB's current script version from genesis (machine version 2, IMC+B+MOP, CKB
     * costs, 4 MiB); 3.5 billion cycles per transaction (CKB's block limit), 10^12 per execution;
     * 16 MiB snapshots; 16 MiB blobs; 64 suspended executions per owner; 128 KiB transactions;
     * 10,000 intrinsic cycles plus 8 per transaction byte.
     */
    public static ChainSpec defaults() {
        return new ChainSpec(1, List.of(new Fork(0, 2, "imc,b,mop", "ckb", 4L << 20)), 3_500_000_000L,
                1_000_000_000_000L, 16L << 20, 16L << 20, 64, 128 << 10, 10_000, 8);
    }

    public ChainSpec withChainId(long id) {
        return new ChainSpec(id, forks, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    public ChainSpec withForks(List<Fork> schedule) {
        return new ChainSpec(chainId, schedule, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    /** The same chain with other limits (tests and chain designers). */
    public ChainSpec withLimits(long perTransaction, long perExecution, long snapshotBytes, long blobBytes,
                                int suspendedPerSender) {
        return new ChainSpec(chainId, forks, perTransaction, perExecution, snapshotBytes, blobBytes,
                suspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    public ChainSpec withIntrinsicCosts(long perTransaction, long perByte) {
        return new ChainSpec(chainId, forks, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, perTransaction, perByte);
    }
}
