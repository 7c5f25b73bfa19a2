package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged values are reported with their key, moved aside, and never stop the rest being served. */
class StoreCorruptionTest {
    private static StoreFixtures fx;
    private static List<Snapshot> snapshots;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeSnapshots() {
        fx = new StoreFixtures();
        snapshots = fx.many(3, 400_000, 800_000);
    }

    private Path db() {
        return dir.resolve("db");
    }

    private void fill() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            for (int i = 0; i < snapshots.size(); i++) {
                store.put(StoreFixtures.tx(i), snapshots.get(i), StoreFixtures.meta("o", i), fx.blobs);
            }
        }
    }

    private void damageRecord(TxHash tx, java.util.function.UnaryOperator<byte[]> damage) throws Exception {
        try (RawDb raw = new RawDb(db())) {
            raw.put("executions", tx.bytes(), damage.apply(raw.get("executions", tx.bytes())));
        }
    }

    private static byte[] flip(byte[] value, int at) {
        byte[] out = value.clone();
        out[at] ^= 0x10;
        return out;
    }

    @Test
    void aFlippedByteInARecordIsQuarantinedAndTheOthersAreServed() throws Exception {
        fill();
        damageRecord(StoreFixtures.tx(1), v -> flip(v, 20));
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            StoreException e = assertThrows(StoreException.class, () -> store.get(StoreFixtures.tx(1)));
            StoreError.Corrupt corrupt = assertInstanceOf(StoreError.Corrupt.class, e.error());
            assertEquals("executions", corrupt.columnFamily());
            assertEquals(StoreFixtures.tx(1).toHex(), corrupt.keyHex());
            assertTrue(corrupt.detail().contains("checksum"), corrupt.detail());
            // moved aside: the entry is gone, the others are intact, nothing leaked
            assertEquals(Optional.empty(), store.get(StoreFixtures.tx(1)));
            assertEquals(snapshots.get(0), store.get(StoreFixtures.tx(0)).orElseThrow().snapshot());
            assertEquals(snapshots.get(2), store.get(StoreFixtures.tx(2)).orElseThrow().snapshot());
            VerifyReport report = store.verify();
            assertEquals(2, report.passed());
            assertEquals(0, report.failed(), report.toString());
            assertEquals(1, report.quarantined());
            assertEquals(1, store.stats().quarantined());
        }
    }

    @Test
    void aTruncatedRecordIsFoundByListAndVerify() throws Exception {
        fill();
        damageRecord(StoreFixtures.tx(2), v -> Arrays.copyOf(v, v.length / 2));
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            Listing listing = store.list(Optional.empty());
            assertEquals(2, listing.entries().size());
            assertEquals(1, listing.problems().size());
            assertInstanceOf(StoreError.Corrupt.class, listing.problems().get(0));
            // a truncation changed the record's length behind the store's back: verify corrects the counter once
            VerifyReport first = store.verify();
            assertEquals(2, first.passed());
            assertEquals(1, first.failed(), first.toString());
            assertTrue(first.problems().get(0).contains("corrected"), first.toString());
            VerifyReport after = store.verify();
            assertTrue(after.ok(), "after quarantine the store is consistent: " + after);
        }
        // verify itself finds (and quarantines) a damaged record too
        damageRecord(StoreFixtures.tx(0), v -> Arrays.copyOf(v, 10));
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            VerifyReport report = store.verify();
            assertEquals(1, report.passed());
            assertEquals(2, report.failed(), "the record and the counter it skewed: " + report);
            assertTrue(store.verify().ok());
            assertEquals(snapshots.get(1), store.get(StoreFixtures.tx(1)).orElseThrow().snapshot());
        }
    }

    @Test
    void aCorruptPageIsQuarantinedAndHealedByTheNextWriterThatHasIt() throws Exception {
        fill();
        TxHash tx = StoreFixtures.tx(0);
        byte[] pageKey = null;
        long holders = 0;
        try (RawDb raw = new RawDb(db())) {
            List<byte[]> keys = raw.keys("page_refs");
            for (byte[] k : keys) {
                if (Arrays.equals(k, 32, 64, tx.bytes(), 0, 32)) {
                    pageKey = Arrays.copyOf(k, 32);
                    break;
                }
            }
            assertTrue(pageKey != null, "tx 0 has dirty pages");
            byte[] content = pageKey;
            holders = keys.stream().filter(o -> Arrays.equals(o, 0, 32, content, 0, 32)).count();
            raw.put("pages", pageKey, flip(raw.get("pages", pageKey), 100));
        }
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            StoreException e = assertThrows(StoreException.class, () -> store.get(tx));
            StoreError.Corrupt corrupt = assertInstanceOf(StoreError.Corrupt.class, e.error());
            assertEquals("pages", corrupt.columnFamily());
            // the page is gone now; the executions holding it report it missing, the others are fine
            StoreException missing = assertThrows(StoreException.class, () -> store.get(tx));
            assertInstanceOf(StoreError.MissingContent.class, missing.error());
            VerifyReport report = store.verify();
            assertEquals(holders, report.failed(), report.toString());
            assertEquals(snapshots.size() - holders, report.passed(), report.toString());
            // a writer holding the same page supplies it again
            store.put(StoreFixtures.tx(9), snapshots.get(0), StoreFixtures.meta("o", 9), fx.blobs);
            assertEquals(snapshots.get(0), store.get(tx).orElseThrow().snapshot());
            assertTrue(store.verify().ok(), store.verify().toString());
        }
    }

    @Test
    void aCorruptBlobIsNeverServed() throws Exception {
        fill();
        try (RawDb raw = new RawDb(db())) {
            raw.put("blobs", fx.data.bytes(), flip(raw.get("blobs", fx.data.bytes()), 5000));
        }
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            assertEquals(Optional.empty(), store.load(fx.data, 0, 16), "the data source refuses it");
            StoreException e = assertThrows(StoreException.class, () -> store.get(StoreFixtures.tx(0)));
            assertInstanceOf(StoreError.MissingContent.class, e.error());
            VerifyReport report = store.verify();
            assertEquals(0, report.passed());
            assertEquals(3, report.failed());
            // healed by any writer that has the blob
            store.put(StoreFixtures.tx(0), snapshots.get(0), StoreFixtures.meta("o", 0), fx.blobs);
            assertTrue(store.verify().ok(), store.verify().toString());
        }
    }

    @Test
    void aMissingSourceBlobIsReportedByName() throws Exception {
        fill();
        try (RawDb raw = new RawDb(db())) {
            raw.delete("blobs", fx.code.bytes());
        }
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            StoreException e = assertThrows(StoreException.class, () -> store.get(StoreFixtures.tx(1)));
            StoreError.MissingContent missing = assertInstanceOf(StoreError.MissingContent.class, e.error());
            assertEquals("blobs", missing.columnFamily());
            assertEquals(fx.code.toHex(), missing.keyHex());
            assertFalse(store.verify().ok());
        }
    }

    @Test
    void anUnknownOrNewerFormatIsRefusedAtOpen() throws Exception {
        fill();
        // 1 is the hand-written layout of before: refused, never migrated (STORE_FORMAT.md)
        for (int version : new int[] {3, 1, 0, -1}) {
            try (RawDb raw = new RawDb(db())) {
                raw.put("meta", StoreLayout.META_FORMAT, StoreLayout.formatValue(version));
            }
            StoreException e = assertThrows(StoreException.class, () -> SnapshotStore.open(db(), StoreConfig.defaults()));
            StoreError.UnsupportedFormat f = assertInstanceOf(StoreError.UnsupportedFormat.class, e.error());
            assertEquals(Integer.toUnsignedLong(version), f.found());
            assertTrue(e.getMessage().contains(version == 3 || version == -1 ? "newer" : "cannot read"), e.getMessage());
        }
        try (RawDb raw = new RawDb(db())) {
            raw.put("meta", StoreLayout.META_FORMAT, "something else".getBytes());
        }
        assertInstanceOf(StoreError.NotAStore.class,
                assertThrows(StoreException.class, () -> SnapshotStore.open(db(), StoreConfig.defaults())).error());
        try (RawDb raw = new RawDb(db())) {
            raw.put("meta", StoreLayout.META_FORMAT, StoreLayout.formatValue(StoreLayout.FORMAT_VERSION));
            raw.createColumnFamily("from_the_future");
        }
        assertInstanceOf(StoreError.NotAStore.class,
                assertThrows(StoreException.class, () -> SnapshotStore.open(db(), StoreConfig.defaults())).error());
    }

    @Test
    void theVersionFileIsCheckedBeforeRocksDbOpensAnything() throws Exception {
        fill();
        Path versionFile = db().resolve(StoreLayout.VERSION_FILE);
        assertEquals("ckbvm-store 2\n", Files.readString(versionFile));
        Files.writeString(versionFile, "ckbvm-store 7\n");
        StoreException e = assertThrows(StoreException.class, () -> SnapshotStore.open(db(), StoreConfig.defaults()));
        assertEquals(7, assertInstanceOf(StoreError.UnsupportedFormat.class, e.error()).found());
        assertTrue(e.getMessage().contains("upgrade ckbvm"), e.getMessage());
        // an older store without the file gets it back once its format entry checks out
        Files.delete(versionFile);
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            assertEquals(3, store.list(Optional.empty()).entries().size());
        }
        assertEquals("ckbvm-store 2\n", Files.readString(versionFile));
    }

    @Test
    void foldersThatAreNotStoresAreRefused() throws Exception {
        assertInstanceOf(StoreError.NoStore.class, assertThrows(StoreException.class,
                () -> SnapshotStore.open(db(), StoreConfig.defaults().withCreateIfMissing(false))).error());
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy").resolve("notes.txt"), "mine");
        assertInstanceOf(StoreError.NotAStore.class, assertThrows(StoreException.class,
                () -> SnapshotStore.open(dir.resolve("busy"), StoreConfig.defaults())).error());
        try (org.rocksdb.Options o = new org.rocksdb.Options().setCreateIfMissing(true);
             org.rocksdb.RocksDB other = org.rocksdb.RocksDB.open(o, dir.resolve("other").toString())) {
            other.put("k".getBytes(), "v".getBytes());
        }
        assertInstanceOf(StoreError.NotAStore.class, assertThrows(StoreException.class,
                () -> SnapshotStore.open(dir.resolve("other"), StoreConfig.defaults())).error());
    }

    /** What a power cut during creation leaves (found by StorePowerLossTest): no CURRENT, some RocksDB files. */
    @Test
    void anInterruptedCreationSaysSoAndThenOpensEmpty() throws Exception {
        Path half = Files.createDirectories(dir.resolve("half"));
        for (String name : List.of("LOCK", "LOG", "IDENTITY", "MANIFEST-000001", "000001.dbtmp", "000004.log")) {
            Files.writeString(half.resolve(name), "x");
        }
        StoreException e = assertThrows(StoreException.class,
                () -> SnapshotStore.open(half, StoreConfig.defaults().withCreateIfMissing(false)));
        assertInstanceOf(StoreError.NoStore.class, e.error());
        assertTrue(e.getMessage().contains("creation was interrupted"), e.getMessage());
        try (SnapshotStore store = SnapshotStore.open(half, StoreConfig.defaults())) {
            assertEquals(0, store.list(Optional.empty()).entries().size());
        }
        // anything else in such a folder is someone's data: refused as before
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(mixed.resolve("LOG"), "x");
        Files.writeString(mixed.resolve("000009.sst"), "x");
        assertInstanceOf(StoreError.NotAStore.class, assertThrows(StoreException.class,
                () -> SnapshotStore.open(mixed, StoreConfig.defaults())).error());
    }

    @Test
    @SuppressWarnings("try")
    void aStoreOpenElsewhereIsInUse() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(db(), StoreConfig.defaults())) {
            StoreException e = assertThrows(StoreException.class, () -> SnapshotStore.open(db(), StoreConfig.defaults()));
            assertInstanceOf(StoreError.InUse.class, e.error());
        }
    }
}
