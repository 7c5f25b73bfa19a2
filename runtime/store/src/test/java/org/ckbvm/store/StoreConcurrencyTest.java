package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers at once: different transactions in parallel, one transaction serialized. */
class StoreConcurrencyTest {
    private static StoreFixtures fx;
    private static List<Snapshot> snapshots;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeSnapshots() {
        fx = new StoreFixtures();
        snapshots = fx.many(24, 250_000, 190_000);
    }

    @Test
    void concurrentWritersOfOneContractLeaveExactlyTheirLastWrites() throws Exception {
        int threads = 8;
        int txPerThread = 6;
        int opsPerThread = 60;
        try (SnapshotStore store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Snapshot[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    // each thread owns its transactions, so its last operation on each is the truth
                    Random random = new Random(thread);
                    Snapshot[] last = new Snapshot[txPerThread];
                    for (int op = 0; op < opsPerThread; op++) {
                        int slot = random.nextInt(txPerThread);
                        TxHash tx = StoreFixtures.tx(thread * 100 + slot);
                        if (random.nextInt(4) == 0) {
                            store.delete(tx);
                            last[slot] = null;
                        } else {
                            Snapshot s = snapshots.get(random.nextInt(snapshots.size()));
                            store.put(tx, s, StoreFixtures.meta("t" + thread, op), fx.blobs);
                            last[slot] = s;
                        }
                    }
                    return last;
                }));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
            int expected = 0;
            for (int t = 0; t < threads; t++) {
                Snapshot[] last = results.get(t).get();
                for (int slot = 0; slot < txPerThread; slot++) {
                    Optional<StoredExecution> got = store.get(StoreFixtures.tx(t * 100 + slot));
                    assertEquals(Optional.ofNullable(last[slot]), got.map(StoredExecution::snapshot));
                    expected += last[slot] == null ? 0 : 1;
                }
            }
            VerifyReport report = store.verify();
            assertEquals(expected, report.passed());
            assertEquals(0, report.failed(), report.toString());
        }
    }

    @Test
    void writersOfTheSameTransactionAreSerialized() throws Exception {
        TxHash tx = StoreFixtures.tx(1);
        try (SnapshotStore store = SnapshotStore.open(dir.resolve("db"), StoreConfig.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        Snapshot s = snapshots.get((thread * 7 + i) % snapshots.size());
                        if (i % 5 == 4) {
                            store.delete(tx);
                        } else {
                            store.put(tx, s, StoreFixtures.meta("same", i), fx.blobs);
                        }
                        // a reader never sees a half-written entry
                        store.get(tx).ifPresent(got -> assertTrue(snapshots.contains(got.snapshot())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            VerifyReport report = store.verify();
            assertEquals(0, report.failed(), report.toString());
            assertTrue(report.passed() <= 1);
            store.delete(tx);
            assertEquals(0, store.liveBytes());
            assertEquals(0, store.stats().blobs());
        }
    }
}
