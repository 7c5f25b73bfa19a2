package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.ckbvm.TestVectors;
import org.ckbvm.audit.Auditor;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit --db}: every suspended execution of a store has its root recomputed from its pages and blobs. */
class StoreAuditTest {
    @TempDir
    Path dir;

    @Test
    void everyStoredExecutionIsAuditedAgainstItsRecordedRoot() throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(TestVectors.elf("load_blob")));
        List<SourceId> sources = List.of(blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin"))),
                blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin"))));
        try (SnapshotStore store = SnapshotStore.open(dir, StoreConfig.defaults())) {
            for (int i = 1; i <= 3; i++) {
                SuspendableMachine sm = SuspendableMachine.boot(MachineConfig.defaults(), blobs, program, sources,
                        List.of(), m -> { }, List.of());
                assertInstanceOf(RunResult.CyclesExceeded.class, sm.run(1_000_000L * i));
                byte[] key = new byte[32];
                key[31] = (byte) i;
                store.put(TxHash.of(key), sm.snapshot(Snapshot.Kind.V2),
                        new ExecutionMetadata("audit", 0, OptionalLong.empty(), 1_000_000L * i, 1), blobs);
            }
            List<Auditor.Finding> findings = Auditor.auditAll(new StoreExecutions(store), f -> { });
            assertEquals(3, findings.size());
            for (Auditor.Finding f : findings) {
                assertEquals(Auditor.Verdict.MATCH, f.verdict(), f.line());
                assertEquals(f.recordedRoot(), f.recomputedRoot());
            }
        }
    }
}
