package org.ckbvm.chain;

import static org.ckbvm.chain.ChainFixture.ALICE;
import static org.ckbvm.chain.ChainFixture.LOOP;
import static org.ckbvm.chain.ChainFixture.SHA256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.PendingBlock;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.store.ChainStore;
import org.junit.jupiter.api.Test;

/**
 * A local fault is never a receipt: each class (I/O on read, a failed or full disk on commit, a
 * corrupt or truncated entry, a data source that throws, a stopped plugin) raises a typed
 * {@link NodeFault}, leaves the committed state as it was, and the same block executed again
 * once the fault is gone gives exactly the receipts of a node that never had it.
 */
class NodeFaultTest {
    private static final List<byte[]> ARGS = List.of("20".getBytes(StandardCharsets.US_ASCII));

    /** A node with one suspended sha256 execution, and the transaction that resumes it. */
    private static final class Setup {
        final FaultyChainStore store = new FaultyChainStore(new MemoryChainStore());
        final ChainFixture node;
        final Receipt.Suspended suspended;
        final byte[] resume;

        Setup(DataSource data) {
            node = new ChainFixture(ChainFixture.SPEC, store, 2, Engine.INTERP, data);
            suspended = assertInstanceOf(Receipt.Suspended.class, node.one(node.call(ALICE, SHA256, ARGS, List.of(), 60_000)));
            resume = node.resume(ALICE, suspended.execution(), 60_000);
        }
    }

    /** What a node without faults commits for the same two blocks. */
    private static CommittedBlock reference() {
        try (ChainFixture clean = new ChainFixture(new MemoryChainStore())) {
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class,
                    clean.one(clean.call(ALICE, SHA256, ARGS, List.of(), 60_000)));
            return clean.block(clean.resume(ALICE, s.execution(), 60_000));
        }
    }

    private static BlockContext nextBlock(ChainFixture node, byte[] tx) {
        ChainHead head = node.executor.head();
        return new BlockContext(head.number() + 1, head.hash(),
                BlockProducer.hash(head.hash(), head.number() + 1, List.of(tx)));
    }

    @Test
    void aReadErrorDuringABlockIsAFaultAndTheBlockCanBeRedone() {
        Setup s = new Setup(ChainFixture.DATA);
        try (ChainFixture node = s.node) {
            ChainHead before = node.executor.head();
            try (PendingBlock block = node.executor.openBlock(nextBlock(node, s.resume))) {
                s.store.failReads = true;
                NodeFault fault = assertThrows(NodeFault.class, () -> block.execute(s.resume));
                assertEquals(NodeFault.Kind.STORAGE, fault.kind());
                s.store.failReads = false;
                assertThrows(NodeFault.class, block::commit, "a faulted block can only be aborted");
            }
            assertEquals(before, node.executor.head());
            CommittedBlock redone = node.block(s.resume);
            assertEquals(reference(), redone);
        }
    }

    @Test
    void aFailedCommitLeavesTheHeadAndTheBlockCanBeRedone() {
        Setup s = new Setup(ChainFixture.DATA);
        try (ChainFixture node = s.node) {
            ChainHead before = node.executor.head();
            try (PendingBlock block = node.executor.openBlock(nextBlock(node, s.resume))) {
                assertInstanceOf(Receipt.Suspended.class, block.execute(s.resume));
                s.store.failWrites = true;
                NodeFault fault = assertThrows(NodeFault.class, block::commit);
                assertEquals(NodeFault.Kind.STORAGE, fault.kind());
            }
            s.store.failWrites = false;
            assertEquals(before, node.executor.head());
            assertEquals(reference(), node.block(s.resume));
        }
    }

    @Test
    void aTruncatedSnapshotIsACorruptStateFaultNotAReceipt() {
        Setup s = new Setup(ChainFixture.DATA);
        try (ChainFixture node = s.node) {
            MemoryChainStore inner = innerOf(s.store);
            byte[] key = s.suspended.execution().bytes();
            byte[] snapshot = inner.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow();
            inner.tamper(ChainStore.Family.SNAPSHOTS, key, Arrays.copyOf(snapshot, snapshot.length - 7));
            try (PendingBlock block = node.executor.openBlock(nextBlock(node, s.resume))) {
                NodeFault fault = assertThrows(NodeFault.class, () -> block.execute(s.resume));
                assertEquals(NodeFault.Kind.CORRUPT_STATE, fault.kind());
            }
            inner.tamper(ChainStore.Family.SNAPSHOTS, key, snapshot);
            assertEquals(reference(), node.block(s.resume));
        } catch (org.ckbvm.store.StoreException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCorruptRecordIsRefusedWhenReadAndWhenTheStateIsOpened() throws Exception {
        Setup s = new Setup(ChainFixture.DATA);
        MemoryChainStore inner = innerOf(s.store);
        byte[] key = s.suspended.execution().bytes();
        byte[] record = inner.get(ChainStore.Family.RECORDS, key).orElseThrow();
        byte[] flipped = record.clone();
        flipped[flipped.length - 1] ^= 1;   // another state root: canonical, but not what was committed
        inner.tamper(ChainStore.Family.RECORDS, key, Arrays.copyOf(record, record.length - 1));
        try (PendingBlock block = s.node.executor.openBlock(nextBlock(s.node, s.resume))) {
            assertEquals(NodeFault.Kind.CORRUPT_STATE, assertThrows(NodeFault.class, () -> block.execute(s.resume)).kind());
        }
        inner.tamper(ChainStore.Family.RECORDS, key, flipped);
        NodeFault atOpen = assertThrows(NodeFault.class, () -> CommittedState.open(inner));
        assertEquals(NodeFault.Kind.CORRUPT_STATE, atOpen.kind());
        s.node.close();
    }

    @Test
    void aDataSourceThatThrowsIsAFaultNotAMissingSource() {
        DataSource flaky = new DataSource() {
            volatile int calls;

            @Override
            public Optional<DataSlice> load(SourceId id, long offset, long length) {
                if (++calls > 3) {
                    throw new IllegalStateException("the node's cell database is unavailable (injected)");
                }
                return ChainFixture.DATA.load(id, offset, length);
            }
        };
        try (ChainFixture node = new ChainFixture(ChainFixture.SPEC, new MemoryChainStore(), 1, Engine.INTERP, flaky)) {
            ChainHead before = node.executor.head();
            NodeFault fault = assertThrows(NodeFault.class, () -> node.block(node.call(ALICE, LOOP, 20_000),
                    node.call(ALICE, LOOP, 20_000)));
            assertEquals(NodeFault.Kind.DATA_SOURCE, fault.kind());
            assertEquals(before, node.executor.head());
        }
    }

    @Test
    void aStoppedPluginRefusesWithAFault() {
        Setup s = new Setup(ChainFixture.DATA);
        s.node.executor.stop();
        assertEquals(NodeFault.Kind.STOPPED, assertThrows(NodeFault.class, () -> s.node.executor.head()).kind());
        assertEquals(NodeFault.Kind.STOPPED, assertThrows(NodeFault.class, () -> s.node.executor.openBlock(
                new BlockContext(2, BlockHash.GENESIS, ChainExecutorTest.hash(3)))).kind());
        s.node.close();
        NodeFault closed = assertThrows(NodeFault.class, () -> CommittedState.open(s.store));
        assertEquals(NodeFault.Kind.STOPPED, closed.kind());
    }

    private static MemoryChainStore innerOf(FaultyChainStore faulty) {
        return (MemoryChainStore) faulty.inner;
    }
}
