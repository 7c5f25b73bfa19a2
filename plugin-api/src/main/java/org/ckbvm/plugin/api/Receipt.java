package org.ckbvm.plugin.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The outcome of one transaction in a block, a closed set. Every receipt names its transaction,
 * the execution it belongs to (the hash of the Call that started it), the gas it is charged,
 * the cycles it ran (its segment) and the execution's cycles in total so far.
 *
 * <p>Gas: every executed transaction (anything but {@link Rejected}) is charged the chain's
 * intrinsic cost plus the cycles it ran, and consumes its nonce, whatever its outcome. A
 * segment's cycles may pass its budget by the after-the-fact charge of the syscall that ended it
 * (CKB-VM charges a syscall's data-transfer cycles after the syscall, without a limit check; the
 * machine stops at the next instruction): the receipt charges what actually ran.
 */
public sealed interface Receipt {
    TxHash txHash();

    TxHash execution();

    /** What the sender pays: intrinsic cycles plus {@link #segmentCycles()}; 0 for {@link Rejected}. */
    long gasUsed();

    long segmentCycles();

    long totalCycles();

    /** The contract exited with code 0; its suspended state, if any, is removed. */
    record Completed(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles,
                     int segments, byte[] stateRoot) implements Receipt {
        public Completed {
            stateRoot = stateRoot.clone();
        }

        @Override
        public byte[] stateRoot() {
            return stateRoot.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Completed c && c.txHash.equals(txHash) && c.execution.equals(execution)
                    && c.gasUsed == gasUsed && c.segmentCycles == segmentCycles && c.totalCycles == totalCycles
                    && c.segments == segments && Arrays.equals(c.stateRoot, stateRoot);
        }

        @Override
        public int hashCode() {
            return Objects.hash(txHash, execution, gasUsed, segmentCycles, totalCycles, segments, Arrays.hashCode(stateRoot));
        }

        @Override
        public String toString() {
            return "Completed[tx=" + txHash + ", execution=" + execution + ", gas=" + gasUsed + ", segmentCycles="
                    + segmentCycles + ", totalCycles=" + totalCycles + ", segments=" + segments
                    + ", stateRoot=0x" + HexFormat.of().formatHex(stateRoot) + "]";
        }
    }

    /**
     * The budget ran out: the execution is saved under {@code execution} and a Resume with more
     * budget continues it. {@code snapshotBytes} is the size of its encoded Snapshot2.
     */
    record Suspended(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles, int segments,
                     byte[] stateRoot, long snapshotBytes) implements Receipt {
        public Suspended {
            stateRoot = stateRoot.clone();
        }

        @Override
        public byte[] stateRoot() {
            return stateRoot.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Suspended s && s.txHash.equals(txHash) && s.execution.equals(execution)
                    && s.gasUsed == gasUsed && s.segmentCycles == segmentCycles && s.totalCycles == totalCycles
                    && s.segments == segments && Arrays.equals(s.stateRoot, stateRoot) && s.snapshotBytes == snapshotBytes;
        }

        @Override
        public int hashCode() {
            return Objects.hash(txHash, execution, gasUsed, segmentCycles, totalCycles, segments, snapshotBytes,
                    Arrays.hashCode(stateRoot));
        }

        @Override
        public String toString() {
            return "Suspended[tx=" + txHash + ", execution=" + execution + ", gas=" + gasUsed + ", segmentCycles="
                    + segmentCycles + ", totalCycles=" + totalCycles + ", segments=" + segments
                    + ", stateRoot=0x" + HexFormat.of().formatHex(stateRoot) + ", snapshotBytes=" + snapshotBytes + "]";
        }
    }

    /** The owner or a controller cancelled the execution; its suspended state is removed. */
    record Cancelled(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles)
            implements Receipt {}

    /** The transaction was executed and failed: charged, nonce consumed; {@code error} says why. */
    record Failed(TxHash txHash, TxHash execution, ExecutionError error, long gasUsed, long segmentCycles,
                  long totalCycles) implements Receipt {}

    /**
     * The transaction was not executed: invalid, or a nonce out of order. Nothing is charged,
     * the nonce is not consumed and the state is unchanged.
     */
    record Rejected(TxHash txHash, TxHash execution, ExecutionError error) implements Receipt {
        @Override
        public long gasUsed() {
            return 0;
        }

        @Override
        public long segmentCycles() {
            return 0;
        }

        @Override
        public long totalCycles() {
            return 0;
        }
    }
}
