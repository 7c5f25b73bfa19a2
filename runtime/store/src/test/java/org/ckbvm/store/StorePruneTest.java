package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePruneTest {
    private static StoreFixtures fx;
    private static List<Snapshot> snapshots;

    @TempDir
    Path dir;
    private SnapshotStore store;

    @BeforeAll
    static void makeSnapshots() {
        fx = new StoreFixtures();
        snapshots = fx.many(6, 300_000, 400_000);
    }

    /** tx i created at second 1000 + 10 i; even ones also at block 100 + i. */
    @BeforeEach
    void fill() throws Exception {
        store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults());
        for (int i = 0; i < 6; i++) {
            ExecutionMetadata m = i % 2 == 0 ? StoreFixtures.meta("o", 1000 + 10 * i, 100 + i)
                    : StoreFixtures.meta("o", 1000 + 10 * i);
            store.put(StoreFixtures.tx(i), snapshots.get(i), m, fx.blobs);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Set<TxHash> remaining() throws StoreException {
        return store.list(Optional.empty()).entries().stream().map(ExecutionSummary::tx).collect(Collectors.toSet());
    }

    private static Set<TxHash> txs(int... ns) {
        return java.util.Arrays.stream(ns).mapToObj(StoreFixtures::tx).collect(Collectors.toSet());
    }

    @Test
    void olderThanASecondRemovesExactlyTheOlderOnes() throws Exception {
        PruneResult r = store.prune(new PrunePolicy.CreatedBefore(1030), false);
        assertEquals(List.of(StoreFixtures.tx(0), StoreFixtures.tx(1), StoreFixtures.tx(2)), r.removed());
        assertEquals(txs(3, 4, 5), remaining());
        assertTrue(r.liveBytesAfter() < r.liveBytesBefore());
        assertTrue(store.verify().ok());
    }

    @Test
    void olderThanABlockIgnoresEntriesWithoutOne() throws Exception {
        store.prune(new PrunePolicy.CreatedBeforeBlock(104), false);
        assertEquals(txs(1, 3, 4, 5), remaining());
    }

    @Test
    void keepLastKeepsTheNewest() throws Exception {
        PruneResult r = store.prune(new PrunePolicy.KeepLast(2), false);
        assertEquals(4, r.removed().size());
        assertEquals(txs(4, 5), remaining());
        assertEquals(0, store.prune(new PrunePolicy.KeepLast(2), false).removed().size());
        store.prune(new PrunePolicy.KeepLast(0), false);
        assertEquals(0, store.liveBytes());
    }

    @Test
    void maxBytesRemovesOldestUntilItFitsAndADryRunPredictsIt() throws Exception {
        long live = store.liveBytes();
        long target = live - 1;
        PruneResult dry = store.prune(new PrunePolicy.MaxBytes(target), true);
        assertTrue(dry.dryRun());
        assertEquals(live, store.liveBytes(), "a dry run removes nothing");
        assertEquals(List.of(StoreFixtures.tx(0)), dry.removed());
        PruneResult real = store.prune(new PrunePolicy.MaxBytes(target), false);
        assertEquals(dry.removed(), real.removed());
        assertEquals(dry.liveBytesAfter(), real.liveBytesAfter(), "the dry run's arithmetic is exact");
        assertTrue(real.liveBytesAfter() <= target);

        PruneResult dryAll = store.prune(new PrunePolicy.MaxBytes(0), true);
        assertEquals(0, dryAll.liveBytesAfter());
        store.prune(new PrunePolicy.MaxBytes(0), false);
        assertEquals(0, store.liveBytes());
        assertTrue(store.verify().ok());
    }
}
