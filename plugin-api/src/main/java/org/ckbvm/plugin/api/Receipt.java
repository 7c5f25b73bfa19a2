package org.ckbvm.plugin.api;

import java.util.HexFormat;

/**
 * The outcome of one transaction, a closed set. Every receipt names its transaction and the
 * execution it belongs to (the hash of the transaction that started it), the cycles charged by
 * this transaction (its segment) and in total over all segments so far. Cycles are the gas.
 */
public sealed interface Receipt {
    TxHash txHash();

    TxHash execution();

    long segmentCycles();

    long totalCycles();

    /** The contract exited with code 0; its suspended state, if any, is removed. */
    record Completed(TxHash txHash, TxHash execution, int exitCode, long segmentCycles, long totalCycles,
                     int segments, byte[] stateRoot) implements Receipt {
        public Completed {
            stateRoot = stateRoot.clone();
        }

        @Override
        public byte[] stateRoot() {
            return stateRoot.clone();
        }

        @Override
        public String toString() {
            return "Completed[tx=" + txHash + ", execution=" + execution + ", exitCode=" + exitCode
                    + ", segmentCycles=" + segmentCycles + ", totalCycles=" + totalCycles + ", segments=" + segments
                    + ", stateRoot=0x" + HexFormat.of().formatHex(stateRoot) + "]";
        }
    }

    /**
     * The budget ran out: the execution is saved under {@code execution} (its snapshot is durable
     * before this receipt exists) and a Resume transaction with more budget continues it.
     * {@code snapshotBytes} is the size of its encoded snapshot.
     */
    record Suspended(TxHash txHash, TxHash execution, long segmentCycles, long totalCycles, int segments,
                     byte[] stateRoot, long snapshotBytes) implements Receipt {
        public Suspended {
            stateRoot = stateRoot.clone();
        }

        @Override
        public byte[] stateRoot() {
            return stateRoot.clone();
        }

        @Override
        public String toString() {
            return "Suspended[tx=" + txHash + ", execution=" + execution + ", segmentCycles=" + segmentCycles
                    + ", totalCycles=" + totalCycles + ", segments=" + segments
                    + ", stateRoot=0x" + HexFormat.of().formatHex(stateRoot) + ", snapshotBytes=" + snapshotBytes + "]";
        }
    }

    /** The owner or a controller cancelled the execution; its snapshot is deleted. */
    record Cancelled(TxHash txHash, TxHash execution, long segmentCycles, long totalCycles) implements Receipt {}

    /** The transaction failed; {@code error} says why. */
    record Failed(TxHash txHash, TxHash execution, ExecutionError error, long segmentCycles, long totalCycles)
            implements Receipt {}
}
