package org.ckbvm.chain;

import static org.ckbvm.chain.ChainFixture.ALICE;
import static org.ckbvm.chain.ChainFixture.BOB;
import static org.ckbvm.chain.ChainFixture.EVE;
import static org.ckbvm.chain.ChainFixture.EXIT0;
import static org.ckbvm.chain.ChainFixture.LOOP;
import static org.ckbvm.chain.ChainFixture.SHA256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.PendingBlock;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.TransactionDraft;
import org.junit.jupiter.api.Test;

/** Block-scoped execution: nonces, charging, rejections, blocks, aborts, rewinds and the fork schedule. */
class ChainExecutorTest {
    private static final List<byte[]> SHA_ARGS = List.of("20".getBytes(StandardCharsets.US_ASCII));

    private static long intrinsic(byte[] tx) {
        return ChainFixture.SPEC.intrinsicCycles() + ChainFixture.SPEC.cyclesPerTransactionByte() * tx.length;
    }

    @Test
    void aCallSuspendsIsResumedAndCompletesChargingIntrinsicPlusCycles() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            byte[] call = f.call(ALICE, SHA256, SHA_ARGS, List.of(), 60_000);
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, f.one(call));
            assertEquals(intrinsic(call) + s.segmentCycles(), s.gasUsed());
            assertTrue(s.segmentCycles() <= 60_000);
            assertTrue(f.executor.suspended(s.execution()).isPresent());
            Receipt r = s;
            while (r instanceof Receipt.Suspended) {
                byte[] resume = f.resume(ALICE, s.execution(), 60_000);
                r = f.one(resume);
                assertEquals(intrinsic(resume) + r.segmentCycles(), r.gasUsed());
            }
            Receipt.Completed done = assertInstanceOf(Receipt.Completed.class, r);
            assertFalse(f.executor.suspended(s.execution()).isPresent());
            assertEquals(0, f.executor.commitment().executionCount());
            assertTrue(done.segments() > 2);
        }
    }

    @Test
    void noncesMustComeInOrderAndAReplayIsRejectedWithoutCharge() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            byte[] call = f.call(ALICE, LOOP, 20_000);
            assertInstanceOf(Receipt.Suspended.class, f.one(call));
            ChainHead before = f.executor.head();
            Receipt.Rejected replay = assertInstanceOf(Receipt.Rejected.class, f.one(call));
            assertEquals(new ExecutionError.NonceMismatch(ChainFixture.address(ALICE), 1, 0), replay.error());
            assertEquals(0, replay.gasUsed());
            // a gap is rejected too and consumes nothing
            byte[] gap = ContractTransactions.sign(new TransactionDraft.Cancel(ChainFixture.CHAIN, 5,
                    replay.execution()), ALICE);
            assertInstanceOf(Receipt.Rejected.class, f.one(gap));
            assertEquals(1, f.executor.nextNonce(ChainFixture.address(ALICE)));
            // the state is what it was: only the blocks moved on
            assertArrayEquals(before.commitmentRoot(), f.executor.head().commitmentRoot());
        }
    }

    @Test
    void aZeroOrOversizedBudgetIsInvalidAndNothingRuns() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            for (long budget : new long[] {0, -1, ChainFixture.SPEC.maxCyclesPerTransaction() + 1}) {
                f.forgetNonces();
                Receipt r = f.one(f.call(ALICE, LOOP, budget));
                Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, r, "budget " + budget);
                assertInstanceOf(ExecutionError.InvalidTransaction.class, rejected.error());
            }
            assertEquals(0, f.executor.nextNonce(ChainFixture.address(ALICE)));
        }
    }

    @Test
    void aStrangersResumeIsChargedConsumesItsNonceAndCannotBeReplayed() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, List.of(), List.of(), 20_000, BOB)));
            byte[] stranger = f.resume(EVE, s.execution(), 50_000);
            Receipt.Failed refused = assertInstanceOf(Receipt.Failed.class, f.one(stranger));
            assertInstanceOf(ExecutionError.Unauthorized.class, refused.error());
            assertEquals(intrinsic(stranger), refused.gasUsed());
            assertEquals(1, f.executor.nextNonce(ChainFixture.address(EVE)));
            assertInstanceOf(Receipt.Rejected.class, f.one(stranger));
            // a controller may resume
            assertInstanceOf(Receipt.Suspended.class, f.one(f.resume(BOB, s.execution(), 20_000)));
        }
    }

    @Test
    void aResumeRefusedForSnapshotSizeIsChargedForWhatRanAndLeavesTheExecution() {
        ChainSpec tiny = ChainFixture.SPEC.withLimits(2_000_000, 20_000_000, 2_000, 1L << 20, 3);
        try (ChainFixture small = new ChainFixture(tiny, new MemoryChainStore(), 1, Engine.INTERP, ChainFixture.DATA)) {
            byte[] call = small.call(ALICE, SHA256, SHA_ARGS, List.of(), 60_000);
            Receipt.Failed f = assertInstanceOf(Receipt.Failed.class, small.one(call));
            assertEquals(new ExecutionError.LimitExceeded("max snapshot size", "").limit(),
                    ((ExecutionError.LimitExceeded) f.error()).limit());
            assertTrue(f.segmentCycles() > 0);
            assertEquals(intrinsic(call) + f.segmentCycles(), f.gasUsed());
            assertFalse(small.executor.suspended(f.execution()).isPresent());
            assertInstanceOf(Receipt.Rejected.class, small.one(call));
        }
        // a Resume: the execution stays exactly as before it
        try (ChainFixture big = new ChainFixture(new MemoryChainStore())) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class,
                    big.one(big.call(ALICE, SHA256, SHA_ARGS, List.of(), 60_000)));
            byte[] recordBefore = big.executor.suspended(s.execution()).orElseThrow().recordHash();
            ChainSpec sameButTiny = ChainFixture.SPEC.withLimits(2_000_000, 20_000_000, 2_000, 1L << 20, 3);
            big.close();
            try (ChainFixture tiny2 = new ChainFixture(sameButTiny, big.store instanceof MemoryChainStore m
                    ? reopen(m) : null, 1, Engine.INTERP, ChainFixture.DATA)) {
                byte[] resume = tiny2.resume(ALICE, s.execution(), 60_000);
                Receipt.Failed f = assertInstanceOf(Receipt.Failed.class, tiny2.one(resume));
                assertTrue(f.gasUsed() > intrinsic(resume));
                assertArrayEquals(recordBefore, tiny2.executor.suspended(s.execution()).orElseThrow().recordHash());
                assertInstanceOf(Receipt.Rejected.class, tiny2.one(resume));
            }
        }
    }

    /** The same values in a store that is open again (a closed MemoryChainStore refuses everything). */
    private static MemoryChainStore reopen(MemoryChainStore m) {
        m.closed = false;
        return m;
    }

    @Test
    void theOwnersQuotaOfSuspendedExecutionsIsConsensus() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            for (int i = 0; i < ChainFixture.SPEC.maxSuspendedPerSender(); i++) {
                assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, 20_000)));
            }
            Receipt.Failed over = assertInstanceOf(Receipt.Failed.class, f.one(f.call(ALICE, LOOP, 20_000)));
            assertEquals("max suspended executions per sender", ((ExecutionError.LimitExceeded) over.error()).limit());
            assertTrue(over.gasUsed() > 20_000 - 1_000);
        }
    }

    @Test
    void theExecutionCapFailsAndRemovesTheExecution() {
        ChainSpec capped = ChainFixture.SPEC.withLimits(2_000_000, 100_000, 1L << 20, 1L << 20, 3);
        try (ChainFixture f = new ChainFixture(capped, new MemoryChainStore(), 1, Engine.INTERP, ChainFixture.DATA)) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, 60_000)));
            Receipt.Failed f2 = assertInstanceOf(Receipt.Failed.class, f.one(f.resume(ALICE, s.execution(), 60_000)));
            assertEquals("max cycles per execution", ((ExecutionError.LimitExceeded) f2.error()).limit());
            assertFalse(f.executor.suspended(s.execution()).isPresent());
            assertEquals(0, f.executor.commitment().executionCount());
        }
    }

    @Test
    void cancelByOwnerRemovesAndUnknownExecutionsAreChargedFailures() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, 20_000)));
            assertInstanceOf(Receipt.Failed.class, f.one(f.cancel(EVE, s.execution())));
            assertInstanceOf(Receipt.Cancelled.class, f.one(f.cancel(ALICE, s.execution())));
            byte[] again = f.cancel(ALICE, s.execution());
            Receipt.Failed unknown = assertInstanceOf(Receipt.Failed.class, f.one(again));
            assertInstanceOf(ExecutionError.UnknownExecution.class, unknown.error());
            assertEquals(intrinsic(again), unknown.gasUsed());
        }
    }

    @Test
    void anAbortedBlockLeavesNoTrace() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            f.one(f.call(ALICE, LOOP, 20_000));
            ChainHead head = f.executor.head();
            BlockContext next = new BlockContext(head.number() + 1, head.hash(), hash(9));
            try (PendingBlock block = f.executor.openBlock(next)) {
                block.execute(f.call(ALICE, LOOP, 20_000));
                assertThrows(NodeFault.class, () -> f.executor.openBlock(next), "one block at a time");
            }
            assertEquals(head, f.executor.head());
            assertEquals(1, f.executor.nextNonce(ChainFixture.address(ALICE)));
            assertEquals(1, f.executor.commitment().executionCount());
        }
    }

    @Test
    void aBlockMustFollowTheHead() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            f.block();
            ChainHead head = f.executor.head();
            NodeFault wrongParent = assertThrows(NodeFault.class,
                    () -> f.executor.openBlock(new BlockContext(2, hash(77), hash(78))));
            assertEquals(NodeFault.Kind.INVALID_REQUEST, wrongParent.kind());
            assertThrows(NodeFault.class, () -> f.executor.openBlock(new BlockContext(3, head.hash(), hash(78))));
        }
    }

    @Test
    void rewindingRestoresStateRootsAndNoncesExactly() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class,
                    f.one(f.call(ALICE, SHA256, SHA_ARGS, List.of(), 60_000)));
            ChainHead fork = f.executor.head();
            byte[][] second = {f.resume(ALICE, s.execution(), 60_000), f.call(BOB, LOOP, 20_000)};
            CommittedBlock b2 = f.block(second);
            f.block(f.resume(ALICE, s.execution(), 60_000));
            assertEquals(fork, f.executor.rewindTo(fork.hash()));
            f.forgetNonces();
            assertEquals(1, f.executor.nextNonce(ChainFixture.address(ALICE)));
            assertEquals(0, f.executor.nextNonce(ChainFixture.address(BOB)));
            assertArrayEquals(s.stateRoot(), f.executor.suspended(s.execution()).orElseThrow().stateRoot());
            // the same block again gives the same receipts and root
            CommittedBlock again = f.block(second);
            assertEquals(b2.block(), again.block());
            assertEquals(b2.receipts(), again.receipts());
            assertArrayEquals(b2.commitmentRoot(), again.commitmentRoot());
            // back to genesis
            f.executor.rewindTo(BlockHash.GENESIS);
            assertEquals(0, f.executor.head().number());
            assertArrayEquals(Commitment.empty().root(), f.executor.head().commitmentRoot());
        }
    }

    @Test
    void blocksBeyondTheRetainedOnesAreFinal() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            BlockHash first = f.block().block().hash();
            BlockHash second = f.block().block().hash();
            for (int i = 0; i < 16; i++) {
                f.block();   // 16 kept blocks (the fixture's setting): block 2 is the deepest rewind
            }
            NodeFault fault = assertThrows(NodeFault.class, () -> f.executor.rewindTo(first));
            assertEquals(NodeFault.Kind.INVALID_REQUEST, fault.kind());
            assertThrows(NodeFault.class, () -> f.executor.rewindTo(hash(5)));
            assertEquals(2, f.executor.rewindTo(second).number());
        }
    }

    @Test
    void anExecutionKeepsTheProfileOfTheForkItStartedIn() {
        ChainSpec forked = ChainFixture.SPEC.withForks(List.of(new ChainSpec.Fork(0, 1, "imc,b,mop", "ckb", 4L << 20),
                new ChainSpec.Fork(3, 2, "imc,b,mop", "ckb", 4L << 20)));
        try (ChainFixture f = new ChainFixture(forked, new MemoryChainStore(), 1, Engine.INTERP, ChainFixture.DATA)) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, 20_000)));
            f.block();
            f.block();
            assertInstanceOf(Receipt.Suspended.class, f.one(f.resume(ALICE, s.execution(), 20_000)));
            assertEquals(1, f.executor.record(s.execution()).orElseThrow().profile().version());
            Receipt.Suspended later = assertInstanceOf(Receipt.Suspended.class, f.one(f.call(ALICE, LOOP, 20_000)));
            assertEquals(2, f.executor.record(later.execution()).orElseThrow().profile().version());
        }
    }

    @Test
    void segmentsEndExactlyAsOneRunWhateverTheBudgets() {
        byte[] oneShotRoot;
        long oneShotCycles;
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt.Completed c = assertInstanceOf(Receipt.Completed.class,
                    f.one(f.call(ALICE, SHA256, SHA_ARGS, List.of(), 2_000_000)));
            oneShotRoot = c.stateRoot();
            oneShotCycles = c.totalCycles();
        }
        for (long budget : new long[] {17_000, 33_333, 100_001}) {
            try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
                Receipt r = f.one(f.call(ALICE, SHA256, SHA_ARGS, List.of(), budget));
                while (r instanceof Receipt.Suspended s) {
                    r = f.one(f.resume(ALICE, s.execution(), budget));
                }
                Receipt.Completed c = assertInstanceOf(Receipt.Completed.class, r);
                assertEquals(oneShotCycles, c.totalCycles());
                assertArrayEquals(oneShotRoot, c.stateRoot());
            }
        }
    }

    @Test
    void exitCodesAndVmErrorsAreChargedFailures() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt.Failed vm = assertInstanceOf(Receipt.Failed.class, f.one(f.call(ALICE, ChainFixture.ERR_LOAD, 100_000)));
            assertEquals("MemOutOfBound", ((ExecutionError.VmFailure) vm.error()).kind());
            assertTrue(vm.gasUsed() > vm.segmentCycles());
            Receipt.Completed ok = assertInstanceOf(Receipt.Completed.class, f.one(f.call(ALICE, EXIT0, 100_000)));
            assertEquals(1, ok.segments());
        }
    }

    @Test
    void otherChainsGarbageAndOversizedTransactionsAreRejected() {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            byte[] otherChain = ContractTransactions.sign(new TransactionDraft.Call(ChainFixture.CHAIN + 1, 0, LOOP,
                    List.of(), List.of(), 20_000, List.of()), ALICE);
            byte[] oversized = ContractTransactions.sign(new TransactionDraft.Call(ChainFixture.CHAIN, 0, LOOP,
                    List.of(new byte[ChainFixture.SPEC.maxTransactionBytes()]), List.of(), 20_000, List.of()), ALICE);
            for (byte[] tx : List.of(otherChain, new byte[] {1, 2, 3}, oversized)) {
                Receipt.Rejected r = assertInstanceOf(Receipt.Rejected.class, f.one(tx));
                assertInstanceOf(ExecutionError.InvalidTransaction.class, r.error());
            }
            assertEquals(0, f.executor.nextNonce(ChainFixture.address(ALICE)));
        }
    }

    @Test
    void missingAndOversizedBlobsAreChargedFailures() {
        ChainSpec smallBlobs = ChainFixture.SPEC.withLimits(2_000_000, 20_000_000, 1L << 20, 4_000, 3);
        try (ChainFixture f = new ChainFixture(smallBlobs, new MemoryChainStore(), 1, Engine.INTERP, ChainFixture.DATA)) {
            byte[] missing = f.call(ALICE, org.ckbvm.hash.CkbHash.sourceId(new byte[] {42}), 20_000);
            Receipt.Failed m = assertInstanceOf(Receipt.Failed.class, f.one(missing));
            assertInstanceOf(ExecutionError.MissingSource.class, m.error());
            assertEquals(intrinsic(missing), m.gasUsed());
            byte[] big = f.call(ALICE, ChainFixture.LOAD_BLOB, List.of(), List.of(ChainFixture.BLOB_DATA), 20_000);
            Receipt.Failed b = assertInstanceOf(Receipt.Failed.class, f.one(big));
            assertEquals("max blob size", ((ExecutionError.LimitExceeded) b.error()).limit());
            assertEquals(2, f.executor.nextNonce(ChainFixture.address(ALICE)));
        }
    }

    /**
     * A syscall's data-transfer cycles are charged after it (CKB-VM's and ckb-script's
     * add_cycles_no_checking), so a segment can end past its budget by that charge: the receipt
     * charges what ran, and the execution still ends as one uninterrupted run.
     */
    @Test
    void aSyscallChargeCanCarryASegmentPastItsBudgetAndTheReceiptChargesIt() {
        List<org.ckbvm.plugin.api.SourceId> blobs = List.of(ChainFixture.BLOB_DATA, ChainFixture.BLOB_CODE);
        List<byte[]> oneRound = List.of("1".getBytes(StandardCharsets.US_ASCII));
        long oneRun = toTheEnd(2_000_000, blobs, oneRound).totalCycles();
        long overshooting = -1;
        for (long budget = 1_000; budget <= 60_000; budget += 1_000) {
            try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
                byte[] call = f.call(ALICE, ChainFixture.LOAD_BLOB, oneRound, blobs, budget);
                Receipt r = f.one(call);
                assertEquals(intrinsic(call) + r.segmentCycles(), r.gasUsed());
                if (r.segmentCycles() > budget) {
                    // load_cell_data of the 192 KiB blob: ceil(bytes / 4) after the ecall's own 500
                    assertTrue(r.segmentCycles() - budget <= 192 * 1024 / 4 + 500, "at most one syscall's charge");
                    overshooting = budget;
                }
            }
        }
        assertTrue(overshooting > 0, "some budget ends right after load_cell_data");
        assertEquals(oneRun, toTheEnd(overshooting, blobs, oneRound).totalCycles(),
                "the overshoot counts: the execution still ends as one run");
    }

    private static Receipt.Completed toTheEnd(long firstBudget, List<org.ckbvm.plugin.api.SourceId> blobs,
                                              List<byte[]> args) {
        try (ChainFixture f = new ChainFixture(new MemoryChainStore())) {
            Receipt r = f.one(f.call(ALICE, ChainFixture.LOAD_BLOB, args, blobs, firstBudget));
            while (r instanceof Receipt.Suspended s) {
                r = f.one(f.resume(ALICE, s.execution(), 2_000_000));
            }
            return assertInstanceOf(Receipt.Completed.class, r);
        }
    }

    static BlockHash hash(int seed) {
        byte[] b = new byte[32];
        b[0] = (byte) seed;
        b[31] = 1;
        return BlockHash.of(b);
    }
}
