package org.ckbvm.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * The consensus parameters every node of a chain shares: a receipt depends only on these, the
 * committed state, the transaction and its block. A host offers it as a service
 * ({@code PluginContext#service}); when absent the plugin uses {@link #defaults()}. Nothing local
 * (threads, caches, disk) is here: see {@link PluginConfiguration}. Immutable; change a copy
 * with the {@code withX} methods. Every node of a chain must use an equal value, or their
 * receipts and commitment roots diverge.
 *
 * @param chainId                  transactions signed for another chain are rejected
 * @param forks                    the fork schedule: the machine profile of a Call is the one of
 *                                 the last fork whose {@code fromBlock} is at or below the
 *                                 Call's block; a suspended execution keeps its profile for life
 *                                 (CKB likewise fixes a script's VM version by its hash type).
 *                                 Unmodifiable, starts at block 0, strictly increasing
 * @param maxCyclesPerTransaction  the largest cycle budget a Call or Resume may carry; a larger
 *                                 one is rejected before anything runs; positive
 * @param maxCyclesPerExecution    the most cycles an execution may use over all its segments; a
 *                                 run stopped by this cap fails and the execution is removed;
 *                                 positive
 * @param maxSnapshotBytes         the largest suspended state (encoded Snapshot2) kept, in bytes;
 *                                 a larger one fails the transaction (charged) and leaves the
 *                                 execution as it was before it; positive
 * @param maxBlobBytes             the largest code or data blob a Call may name, in bytes; positive
 * @param maxSuspendedPerSender    how many suspended executions one owner may have at once;
 *                                 positive
 * @param maxTransactionBytes      the largest signed transaction accepted, in bytes; a larger one
 *                                 is rejected; positive
 * @param intrinsicCycles          charged (as gas, in cycles) to every executed transaction
 *                                 before it runs; not negative
 * @param cyclesPerTransactionByte charged per byte of the signed transaction, on top; not negative
 */
public record ChainSpec(long chainId, List<Fork> forks, long maxCyclesPerTransaction, long maxCyclesPerExecution,
                        long maxSnapshotBytes, long maxBlobBytes, int maxSuspendedPerSender, int maxTransactionBytes,
                        long intrinsicCycles, long cyclesPerTransactionByte) {

    /**
     * The machine profile from block {@code fromBlock} on.
     *
     * @param fromBlock      the first block whose Calls get this profile; not negative
     * @param machineVersion CKB-VM machine version (0, 1 or 2)
     * @param isa            comma list from {@code imc,a,b,mop}
     * @param costModel      {@code ckb} or {@code unit}
     * @param memorySize     guest memory in bytes, a positive multiple of 4096
     */
    public record Fork(long fromBlock, int machineVersion, String isa, String costModel, long memorySize) {
        /**
         * Checks the ranges. The {@code isa} and {@code costModel} names are checked when the
         * plugin starts with this specification, not here.
         *
         * @param fromBlock      the first block of the profile, not negative
         * @param machineVersion 0, 1 or 2
         * @param isa            e.g. {@code imc,b,mop}, not null
         * @param costModel      {@code ckb} or {@code unit}, not null
         * @param memorySize     guest memory in bytes
         * @throws NullPointerException     if {@code isa} or {@code costModel} is null
         * @throws IllegalArgumentException if {@code fromBlock} is negative, {@code machineVersion}
         *                                  is not 0, 1 or 2, or {@code memorySize} is not a
         *                                  positive multiple of 4096
         */
        public Fork {
            Objects.requireNonNull(isa, "isa");
            Objects.requireNonNull(costModel, "costModel");
            if (fromBlock < 0 || machineVersion < 0 || machineVersion > 2 || memorySize <= 0 || memorySize % 4096 != 0) {
                throw new IllegalArgumentException("bad fork " + fromBlock + "/" + machineVersion + "/" + memorySize);
            }
        }
    }

    /**
     * Copies the fork schedule and checks every value.
     *
     * @param chainId                  the chain id
     * @param forks                    the fork schedule; copied
     * @param maxCyclesPerTransaction  the largest budget per Call or Resume, positive
     * @param maxCyclesPerExecution    the most cycles over an execution's segments, positive
     * @param maxSnapshotBytes         the largest encoded snapshot, positive
     * @param maxBlobBytes             the largest blob, positive
     * @param maxSuspendedPerSender    suspended executions per owner, positive
     * @param maxTransactionBytes      the largest signed transaction, positive
     * @param intrinsicCycles          the fixed charge per executed transaction, not negative
     * @param cyclesPerTransactionByte the charge per signed byte, not negative
     * @throws NullPointerException     if {@code forks} is null or holds a null
     * @throws IllegalArgumentException if the schedule is empty, does not start at block 0 or is
     *                                  not in strictly increasing block order, if a limit is not
     *                                  positive, or if a cost is negative
     */
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

    /**
     * The profile that applies to a Call in block {@code number}.
     *
     * @param number a block number (any value; below every fork it is the first one)
     * @return the last fork whose {@code fromBlock} is at or below {@code number}
     */
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
     *
     * @return a new specification with those values
     */
    public static ChainSpec defaults() {
        return new ChainSpec(1, List.of(new Fork(0, 2, "imc,b,mop", "ckb", 4L << 20)), 3_500_000_000L,
                1_000_000_000_000L, 16L << 20, 16L << 20, 64, 128 << 10, 10_000, 8);
    }

    /**
     * The same specification for another chain id.
     *
     * @param id the chain id transactions must be signed for
     * @return a copy with {@code chainId} replaced
     */
    public ChainSpec withChainId(long id) {
        return new ChainSpec(id, forks, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    /**
     * The same specification with another fork schedule.
     *
     * @param schedule the forks, starting at block 0 in strictly increasing block order; copied
     * @return a copy with {@code forks} replaced
     * @throws NullPointerException     if {@code schedule} is null or holds a null
     * @throws IllegalArgumentException if the schedule is empty, does not start at block 0 or is out
     *                                  of order
     */
    public ChainSpec withForks(List<Fork> schedule) {
        return new ChainSpec(chainId, schedule, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    /**
     * The same chain with other limits (tests and chain designers); the transaction size limit
     * and the intrinsic costs are kept.
     *
     * @param perTransaction     {@code maxCyclesPerTransaction}, positive
     * @param perExecution       {@code maxCyclesPerExecution}, positive
     * @param snapshotBytes      {@code maxSnapshotBytes}, positive
     * @param blobBytes          {@code maxBlobBytes}, positive
     * @param suspendedPerSender {@code maxSuspendedPerSender}, positive
     * @return a copy with those limits replaced
     * @throws IllegalArgumentException if a limit is not positive
     */
    public ChainSpec withLimits(long perTransaction, long perExecution, long snapshotBytes, long blobBytes,
                                int suspendedPerSender) {
        return new ChainSpec(chainId, forks, perTransaction, perExecution, snapshotBytes, blobBytes,
                suspendedPerSender, maxTransactionBytes, intrinsicCycles, cyclesPerTransactionByte);
    }

    /**
     * The same chain with another intrinsic cost.
     *
     * @param perTransaction {@code intrinsicCycles}: charged to every executed transaction; not negative
     * @param perByte        {@code cyclesPerTransactionByte}: charged per signed byte; not negative
     * @return a copy with both costs replaced
     * @throws IllegalArgumentException if a cost is negative
     */
    public ChainSpec withIntrinsicCosts(long perTransaction, long perByte) {
        return new ChainSpec(chainId, forks, maxCyclesPerTransaction, maxCyclesPerExecution, maxSnapshotBytes,
                maxBlobBytes, maxSuspendedPerSender, maxTransactionBytes, perTransaction, perByte);
    }
}
