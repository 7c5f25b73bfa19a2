package org.ckbvm.chain;

import static org.ckbvm.chain.ChainFixture.ALICE;
import static org.ckbvm.chain.ChainFixture.BOB;
import static org.ckbvm.chain.ChainFixture.SHA256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.store.ChainStore;
import org.junit.jupiter.api.Test;

/** Export and import carry the record: only what the head block commits to can be restored. */
class ExecutionTransferTest {
    private static final List<byte[]> ARGS = List.of("20".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aLostSnapshotIsRestoredFromAnotherNodeAndAnythingElseIsRefused() throws Exception {
        MemoryChainStore a = new MemoryChainStore();
        MemoryChainStore b = new MemoryChainStore();
        try (ChainFixture nodeA = new ChainFixture(a); ChainFixture nodeB = new ChainFixture(b)) {
            byte[] call = nodeA.call(ALICE, SHA256, ARGS, List.of(), 60_000, BOB);
            Receipt.Suspended s = assertInstanceOf(Receipt.Suspended.class, nodeA.one(call));
            nodeB.one(call);
            ExecutionTransfer.Exported exported = ExecutionTransfer.export(CommittedState.open(a), s.execution());
            assertArrayEquals(nodeA.executor.head().commitmentRoot(), exported.root());

            // node B loses the snapshot (bit rot): resuming is a fault until it imports A's
            byte[] key = s.execution().bytes();
            byte[] good = b.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow();
            b.tamper(ChainStore.Family.SNAPSHOTS, key, new byte[] {1, 2, 3});
            byte[] resume = nodeB.resume(ALICE, s.execution(), 60_000);
            assertThrows(NodeFault.class, () -> nodeB.one(resume));
            ExecutionTransfer.importInto(b, exported);
            assertArrayEquals(good, b.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow());
            assertInstanceOf(Receipt.Suspended.class, nodeB.one(resume));

            // another owner, or other sources: the head block does not commit to that record
            SuspensionRecord r = SuspensionRecord.decode(exported.record());
            SuspensionRecord otherOwner = new SuspensionRecord(r.form(), r.execution(), ChainFixture.address(BOB), r.controllers(),
                    r.profile(), r.program(), r.sources(), r.script(), r.createdAt(), r.budgetPaid(), r.totalCycles(),
                    r.segments(), r.stateRoot());
            SuspensionRecord otherSources = new SuspensionRecord(r.form(), r.execution(), r.owner(), r.controllers(), r.profile(),
                    r.program(), List.of(ChainFixture.EXIT0), r.script(), r.createdAt(), r.budgetPaid(), r.totalCycles(),
                    r.segments(), r.stateRoot());
            for (SuspensionRecord forged : List.of(otherOwner, otherSources)) {
                ExecutionTransfer.RefusedException e = assertThrows(ExecutionTransfer.RefusedException.class,
                        () -> ExecutionTransfer.importInto(a, new ExecutionTransfer.Exported(exported.block(),
                                exported.root(), exported.execution(), forged.encode(), exported.snapshot())));
                assertTrue(e.getMessage().contains("does not commit"), e.getMessage());
            }
            // a snapshot that is not the record's
            byte[] otherSnapshot = b.get(ChainStore.Family.SNAPSHOTS, key).orElseThrow();
            assertThrows(ExecutionTransfer.RefusedException.class, () -> ExecutionTransfer.importInto(a,
                    new ExecutionTransfer.Exported(exported.block(), exported.root(), exported.execution(),
                            exported.record(), otherSnapshot)));
        }
    }
}
