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
 *
 * <p>Gas and cycle amounts are in cycles. Receipts are immutable; the plugin builds them and
 * their canonical encoding is part of consensus (see {@link CommittedBlock#receiptsHash()}).
 */
public sealed interface Receipt {
    /**
     * The transaction this receipt is for.
     *
     * @return Keccak-256 of the signed transaction bytes
     */
    TxHash txHash();

    /**
     * The execution the transaction is about.
     *
     * @return the hash of the Call that started it: the transaction's own hash for a Call (and
     *         for bytes never decoded: malformed or too large), the named execution for a Resume
     *         or Cancel
     */
    TxHash execution();

    /**
     * What the sender pays.
     *
     * @return {@link ChainSpec#intrinsicCycles()} plus {@link ChainSpec#cyclesPerTransactionByte()}
     *         per signed byte, plus {@link #segmentCycles()}; 0 for {@link Rejected}
     */
    long gasUsed();

    /**
     * The cycles the contract ran in this transaction.
     *
     * @return this segment's cycles; 0 when nothing ran (a Cancel, an error found before running,
     *         a {@link Rejected} transaction)
     */
    long segmentCycles();

    /**
     * The cycles the execution has run over all its segments, this one included.
     *
     * @return the running total; 0 for {@link Rejected} and when there is no such execution
     */
    long totalCycles();

    /**
     * The contract exited with code 0; its suspended state, if any, is removed.
     *
     * @param txHash        the transaction
     * @param execution     the execution it ran
     * @param gasUsed       intrinsic cost plus {@code segmentCycles}
     * @param segmentCycles cycles run by this transaction
     * @param totalCycles   cycles run by the execution over all its segments
     * @param segments      how many transactions ran the execution, this one included
     * @param stateRoot     the 32-byte state root of the machine as it exited
     *                      ({@code testvectors/STATE_ROOT.md}); the accessor returns a copy
     */
    record Completed(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles,
                     int segments, byte[] stateRoot) implements Receipt {
        /**
         * Copies {@code stateRoot}.
         *
         * @param txHash        the transaction
         * @param execution     the execution
         * @param gasUsed       the charge
         * @param segmentCycles cycles run by this transaction
         * @param totalCycles   cycles run by the execution in total
         * @param segments      transactions that ran the execution
         * @param stateRoot     the machine's state root; copied
         * @throws NullPointerException if {@code stateRoot} is null
         */
        public Completed {
            stateRoot = stateRoot.clone();
        }

        /**
         * The machine's state root.
         *
         * @return a fresh copy on each call
         */
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
     *
     * @param txHash        the transaction
     * @param execution     the execution it ran
     * @param gasUsed       intrinsic cost plus {@code segmentCycles}
     * @param segmentCycles cycles run by this transaction
     * @param totalCycles   cycles run by the execution over all its segments
     * @param segments      how many transactions have run the execution, this one included
     * @param stateRoot     the 32-byte state root of the suspended machine; the accessor returns a copy
     * @param snapshotBytes the size of the stored snapshot in bytes, at most
     *                      {@link ChainSpec#maxSnapshotBytes()}
     */
    record Suspended(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles, int segments,
                     byte[] stateRoot, long snapshotBytes) implements Receipt {
        /**
         * Copies {@code stateRoot}.
         *
         * @param txHash        the transaction
         * @param execution     the execution
         * @param gasUsed       the charge
         * @param segmentCycles cycles run by this transaction
         * @param totalCycles   cycles run by the execution in total
         * @param segments      transactions that ran the execution
         * @param stateRoot     the machine's state root; copied
         * @param snapshotBytes the stored snapshot's size in bytes
         * @throws NullPointerException if {@code stateRoot} is null
         */
        public Suspended {
            stateRoot = stateRoot.clone();
        }

        /**
         * The machine's state root.
         *
         * @return a fresh copy on each call
         */
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

    /**
     * The owner or a controller cancelled the execution; its suspended state is removed.
     *
     * @param txHash        the Cancel transaction
     * @param execution     the cancelled execution
     * @param gasUsed       the intrinsic cost only
     * @param segmentCycles 0: nothing runs
     * @param totalCycles   cycles the execution had run before it was cancelled
     */
    record Cancelled(TxHash txHash, TxHash execution, long gasUsed, long segmentCycles, long totalCycles)
            implements Receipt {}

    /**
     * The transaction was executed and failed: charged, nonce consumed; {@code error} says why.
     * A {@link ExecutionError.VmFailure}, a {@link ExecutionError.NonZeroExit} or the
     * per-execution cycle cap ends the execution (its suspended state, if any, is removed); any
     * other error leaves the committed execution as it was.
     *
     * @param txHash        the transaction
     * @param execution     the execution it was about
     * @param error         why it failed
     * @param gasUsed       intrinsic cost plus {@code segmentCycles}
     * @param segmentCycles cycles run by this transaction (0 if it failed before running)
     * @param totalCycles   cycles run by the execution over all its segments
     */
    record Failed(TxHash txHash, TxHash execution, ExecutionError error, long gasUsed, long segmentCycles,
                  long totalCycles) implements Receipt {}

    /**
     * The transaction was not executed: invalid, or a nonce out of order. Nothing is charged,
     * the nonce is not consumed and the state is unchanged. Its cycle counts and gas are 0.
     *
     * @param txHash    the transaction (Keccak-256 of its bytes, even if they do not decode)
     * @param execution the execution it named, or its own hash for a Call or for bytes never
     *                  decoded (malformed or too large)
     * @param error     an {@link ExecutionError.InvalidTransaction} or an
     *                  {@link ExecutionError.NonceMismatch}
     */
    record Rejected(TxHash txHash, TxHash execution, ExecutionError error) implements Receipt {
        /**
         * Nothing is charged.
         *
         * @return 0
         */
        @Override
        public long gasUsed() {
            return 0;
        }

        /**
         * Nothing ran.
         *
         * @return 0
         */
        @Override
        public long segmentCycles() {
            return 0;
        }

        /**
         * Not executed, so not counted.
         *
         * @return 0
         */
        @Override
        public long totalCycles() {
            return 0;
        }
    }
}
