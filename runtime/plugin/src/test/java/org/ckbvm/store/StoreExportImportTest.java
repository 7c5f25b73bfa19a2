package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.suspension.ResumedExecution;
import org.ckbvm.suspension.StoreResumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreExportImportTest {
    private final StoreFixtures fx = new StoreFixtures();

    @TempDir
    Path dir;

    @Test
    void anExportedExecutionResumesInAnotherStoreToTheSameFinalStateRoot() throws Exception {
        TxHash tx = StoreFixtures.tx(5);
        SuspendableMachine sm = fx.boot(2);
        assertInstanceOf(RunResult.CyclesExceeded.class, sm.run(1_200_000));
        Snapshot snapshot = sm.snapshot(Snapshot.Kind.V2);
        ExecutionMetadata meta = StoreFixtures.meta("auditor", 77, 12345);
        Path file = dir.resolve("tx5.ckbvm");
        try (SnapshotStore a = StoreResumer.open(dir.resolve("a"), StoreConfig.defaults())) {
            a.put(tx, snapshot, meta, fx.blobs);
            assertEquals(Optional.empty(), a.export(StoreFixtures.tx(6), dir.resolve("none")));
            a.export(tx, file);
        }
        byte[] root;
        try (SnapshotStore b = StoreResumer.open(dir.resolve("b"), StoreConfig.defaults())) {
            StoredExecution imported = b.importFrom(file, false);
            assertEquals(tx, imported.tx());
            assertEquals(meta, imported.metadata());
            assertArrayEquals(SnapshotCodec.encode(snapshot), SnapshotCodec.encode(imported.snapshot()));
            assertEquals(StoreError.AlreadyExists.class,
                    assertThrows(StoreException.class, () -> b.importFrom(file, false)).error().getClass());
            b.importFrom(file, true);
            // the second store needs nothing but itself
            ResumedExecution resumed = StoreResumer.resume(b, tx, s -> s.header().toConfig(), m -> { }, List.of()).orElseThrow();
            assertEquals(new RunResult.Exited(0), resumed.machine().run(-1L));
            root = resumed.machine().stateRoot();
            assertTrue(b.verify().ok());
        }
        assertArrayEquals(fx.finalRoot(2), root);
    }

    @Test
    void damagedOrIncompleteExportFilesAreRefused() throws Exception {
        TxHash tx = StoreFixtures.tx(1);
        Snapshot snapshot = fx.suspendedAt(700_000, 1);
        Path file = dir.resolve("x.ckbvm");
        try (SnapshotStore a = StoreResumer.open(dir.resolve("a"), StoreConfig.defaults())) {
            a.put(tx, snapshot, StoreFixtures.meta("o", 1), fx.blobs);
            a.export(tx, file);
        }
        byte[] good = Files.readAllBytes(file);
        try (SnapshotStore b = StoreResumer.open(dir.resolve("b"), StoreConfig.defaults())) {
            byte[] flipped = good.clone();
            flipped[good.length / 2] ^= 1;
            assertRefused(b, flipped, "checksum");
            assertRefused(b, Arrays.copyOf(good, good.length - 100), "checksum");
            byte[] newer = good.clone();
            newer[11] = 3;
            assertRefused(b, newer, "version 3");
            assertRefused(b, "not an export".getBytes(), "CKBVMEXP");
            // a well-formed file that lacks a blob the snapshot needs
            ExportFile.Contents contents = ExportFile.decode(good);
            TreeMap<ContentKey, byte[]> fewer = new TreeMap<>(contents.blobs());
            fewer.remove(new ContentKey(fx.code.bytes()));
            assertRefused(b, ExportFile.encode(new ExportFile.Contents(contents.tx(), contents.metadata(),
                    contents.snapshot(), fewer)), "missing");
            assertEquals(0, b.liveBytes());
        }
    }

    private void assertRefused(SnapshotStore store, byte[] bytes, String why) throws Exception {
        Path f = dir.resolve("bad.ckbvm");
        Files.write(f, bytes);
        StoreException e = assertThrows(StoreException.class, () -> store.importFrom(f, false));
        assertInstanceOf(StoreError.BadExportFile.class, e.error());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
