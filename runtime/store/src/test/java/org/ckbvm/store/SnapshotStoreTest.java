package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    private static StoreFixtures fx;
    private static List<Snapshot> snapshots;

    @TempDir
    Path dir;
    private SnapshotStore store;

    @BeforeAll
    static void makeSnapshots() {
        fx = new StoreFixtures();
        snapshots = fx.many(40, 300_000, 97_000);
    }

    @BeforeEach
    void open() throws Exception {
        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStoredExecutionReadsBackAsExactlyTheSnapshotThatWasPut() throws Exception {
        Snapshot s = snapshots.get(3);
        ExecutionMetadata meta = StoreFixtures.meta("alice", 1_700_000_000L, 42);
        StoredExecution put = store.put(StoreFixtures.tx(1), s, meta, fx.blobs);
        StoredExecution got = store.get(StoreFixtures.tx(1)).orElseThrow();
        assertEquals(put, got);
        assertEquals(s, got.snapshot());
        assertArrayEquals(SnapshotCodec.encode(s), SnapshotCodec.encode(got.snapshot()));
        assertEquals(meta, got.metadata());
        assertEquals(Optional.empty(), store.get(StoreFixtures.tx(2)));
    }

    @Test
    void itSurvivesReopening() throws Exception {
        Snapshot s = snapshots.get(5);
        store.put(StoreFixtures.tx(1), s, StoreFixtures.meta("a", 1), fx.blobs);
        long live = store.liveBytes();
        store.close();
        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults().withCreateIfMissing(false));
        assertEquals(s, store.get(StoreFixtures.tx(1)).orElseThrow().snapshot());
        assertEquals(live, store.liveBytes());
        assertTrue(store.verify().ok());
    }

    @Test
    void manySnapshotsOfOneContractShareTheirBlobsAndPages() throws Exception {
        for (int i = 0; i < snapshots.size(); i++) {
            store.put(StoreFixtures.tx(i), snapshots.get(i), StoreFixtures.meta("o", i), fx.blobs);
        }
        StoreStats stats = store.stats();
        assertEquals(snapshots.size(), stats.executions());
        assertEquals(3, stats.blobs(), "program, data and code blob stored once each");
        assertEquals(3L * snapshots.size(), stats.blobReferences());
        assertTrue(stats.pages() < stats.pageReferences(), stats.pages() + " pages for " + stats.pageReferences());
        assertTrue(stats.dedupRatio().doubleValue() > 10, "dedup ratio " + stats.dedupRatio());
        VerifyReport report = store.verify();
        assertEquals(snapshots.size(), report.passed(), report.toString());
        assertEquals(0, report.failed(), report.toString());

        for (int i = 0; i < snapshots.size(); i++) {
            assertTrue(store.delete(StoreFixtures.tx(i)));
        }
        StoreStats empty = store.stats();
        assertEquals(0, empty.executions());
        assertEquals(0, empty.pages());
        assertEquals(0, empty.blobs(), "the last delete frees the blobs");
        assertEquals(0, store.liveBytes());
        assertTrue(store.verify().ok());
        assertFalse(store.delete(StoreFixtures.tx(0)));
    }

    @Test
    void replacingAnExecutionMovesItsReferences() throws Exception {
        TxHash tx = StoreFixtures.tx(7);
        store.put(tx, snapshots.get(0), StoreFixtures.meta("o", 1), fx.blobs);
        store.put(tx, snapshots.get(30), StoreFixtures.meta("o", 1).nextSegment(9), fx.blobs);
        assertEquals(snapshots.get(30), store.get(tx).orElseThrow().snapshot());
        assertEquals(2, store.get(tx).orElseThrow().metadata().segments());
        assertEquals(1, store.stats().executions());
        assertTrue(store.verify().ok(), store.verify().toString());
        assertThrows(StoreException.class, () -> store.putNew(tx, snapshots.get(1), StoreFixtures.meta("o", 1), fx.blobs));
        store.delete(tx);
        assertEquals(0, store.liveBytes());
    }

    @Test
    void theStoreIsADataSourceOverItsBlobs() throws Exception {
        store.put(StoreFixtures.tx(1), snapshots.get(0), StoreFixtures.meta("o", 1), fx.blobs);
        DataSlice slice = store.load(fx.data, 100, 16).orElseThrow();
        assertArrayEquals(fx.blobs.load(fx.data, 100, 16).orElseThrow().bytes(), slice.bytes());
        assertEquals(192 * 1024 - 100, slice.fullLength());
        assertEquals(Optional.empty(), store.load(org.ckbvm.plugin.api.SourceId.of(new byte[32]), 0, 0));
    }

    @Test
    void listShowsEntriesInHashOrderAndFiltersByOwner() throws Exception {
        store.put(StoreFixtures.tx(1), snapshots.get(0), StoreFixtures.meta("alice", 10), fx.blobs);
        store.put(StoreFixtures.tx(2), snapshots.get(1), StoreFixtures.meta("bob", 20), fx.blobs);
        store.put(StoreFixtures.tx(3), snapshots.get(2), StoreFixtures.meta("alice", 30), fx.blobs);
        Listing all = store.list(Optional.empty());
        assertEquals(3, all.entries().size());
        List<TxHash> order = all.entries().stream().map(ExecutionSummary::tx).toList();
        assertEquals(order.stream().sorted().toList(), order);
        assertEquals(2, store.list(Optional.of("alice")).entries().size());
        ExecutionSummary bob = store.list(Optional.of("bob")).entries().get(0);
        assertEquals(snapshots.get(1).dirtyPageCount(), bob.dirtyPages());
        assertEquals(snapshots.get(1).sourcePageCount(), bob.sourcePages());
        assertEquals(snapshots.get(1).state().cycles(), bob.cycles());
        assertEquals(SnapshotCodec.encode(snapshots.get(1)).length, bob.snapshotBytes());
    }

    @Test
    void aBlobNeitherStoredNorSuppliedIsRefused() {
        StoreException e = assertThrows(StoreException.class, () -> store.put(StoreFixtures.tx(1), snapshots.get(0),
                StoreFixtures.meta("o", 1), new InMemoryDataSource()));
        assertInstanceOf(StoreError.BlobUnavailable.class, e.error());
        assertEquals(0, store.liveBytes());
    }

    @Test
    void limitsRefuseNewWritesAndKeepEverythingStored() throws Exception {
        int size = SnapshotCodec.encode(snapshots.get(0)).length;
        store.close();
        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults().withLimits(new StoreLimits(size - 1, Long.MAX_VALUE)));
        StoreException tooBig = assertThrows(StoreException.class,
                () -> store.put(StoreFixtures.tx(1), snapshots.get(0), StoreFixtures.meta("o", 1), fx.blobs));
        assertEquals("max snapshot size", ((StoreError.LimitExceeded) tooBig.error()).limit());
        store.close();

        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults());
        store.put(StoreFixtures.tx(1), snapshots.get(0), StoreFixtures.meta("o", 1), fx.blobs);
        long used = store.liveBytes();
        store.close();
        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults().withLimits(new StoreLimits(Long.MAX_VALUE, used + 1000)));
        StoreException full = assertThrows(StoreException.class,
                () -> store.put(StoreFixtures.tx(2), snapshots.get(1), StoreFixtures.meta("o", 2), fx.blobs));
        assertEquals("max store size", ((StoreError.LimitExceeded) full.error()).limit());
        assertEquals(used, store.liveBytes());
        assertEquals(snapshots.get(0), store.get(StoreFixtures.tx(1)).orElseThrow().snapshot());
        assertTrue(store.delete(StoreFixtures.tx(1)), "deleting is never limited");
        assertTrue(store.verify().ok());
    }

    @Test
    void aClosedStoreSaysSo() throws Exception {
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> store.get(StoreFixtures.tx(1)));
        assertInstanceOf(StoreError.Closed.class, e.error());
        store.close();
    }
}
