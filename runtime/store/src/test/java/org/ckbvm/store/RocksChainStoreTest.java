package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.plugin.api.BlockHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB chain store: atomic commits with undo, rewinds, pruning of final blocks, reopening and refusals. */
class RocksChainStoreTest {
    @TempDir
    Path dir;

    private static BlockEntry block(long n) {
        byte[] h = new byte[32];
        h[0] = (byte) n;
        h[31] = 7;
        byte[] p = new byte[32];
        p[0] = (byte) (n - 1);
        p[31] = 7;
        return new BlockEntry(n, BlockHash.of(h), n == 1 ? BlockHash.GENESIS : BlockHash.of(p), new byte[32],
                new byte[32], new byte[] {1, 2, 3});
    }

    private static SortedMap<ChainKey, Optional<byte[]>> set(String key, String value) {
        SortedMap<ChainKey, Optional<byte[]>> m = new TreeMap<>();
        m.put(new ChainKey(ChainStore.Family.ACCOUNTS, key.getBytes(StandardCharsets.US_ASCII)),
                value == null ? Optional.empty() : Optional.of(value.getBytes(StandardCharsets.US_ASCII)));
        return m;
    }

    private static String get(ChainStore s, String key) throws StoreException {
        return s.get(ChainStore.Family.ACCOUNTS, key.getBytes(StandardCharsets.US_ASCII))
                .map(b -> new String(b, StandardCharsets.US_ASCII)).orElse(null);
    }

    @Test
    void commitsRewindAndSurviveReopening() throws Exception {
        Path folder = dir.resolve("chain");
        try (RocksChainStore s = RocksChainStore.open(folder)) {
            assertEquals(0, s.headNumber());
            s.commit(block(1), set("a", "1"), 3);
            s.commit(block(2), set("a", "2"), 3);
            s.commit(block(3), set("a", null), 3);
            s.commit(block(4), set("b", "x"), 3);
            assertEquals(1, s.oldestRewindable(), "3 kept blocks: the undo of block 1 is pruned");
            assertThrows(IllegalArgumentException.class, () -> s.rewindTo(0));
        }
        try (RocksChainStore s = RocksChainStore.open(folder, false)) {
            assertEquals(4, s.headNumber());
            assertEquals(block(4), s.block(4).orElseThrow());
            s.rewindTo(1);
            assertEquals(1, s.headNumber());
            assertEquals("1", get(s, "a"));
            assertEquals(null, get(s, "b"));
            assertTrue(s.block(2).isEmpty());
            assertArrayEquals(new byte[] {1, 2, 3}, s.block(1).orElseThrow().receipts());
        }
    }

    @Test
    void refusesWhatIsNotAChainStore() throws Exception {
        assertInstanceOf(StoreError.NoStore.class,
                assertThrows(StoreException.class, () -> RocksChainStore.open(dir.resolve("none"), false)).error());
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "hello");
        assertInstanceOf(StoreError.NotAStore.class,
                assertThrows(StoreException.class, () -> RocksChainStore.open(other)).error());
        Path newer = dir.resolve("newer");
        RocksChainStore.open(newer).close();
        Files.writeString(newer.resolve(RocksChainStore.VERSION_FILE), "ckbvm-chain 2\n");
        StoreError e = assertThrows(StoreException.class, () -> RocksChainStore.open(newer)).error();
        assertEquals(2, assertInstanceOf(StoreError.UnsupportedFormat.class, e).found());
        // a suspended-execution store of `ckbvm store` is not a chain store
        Path snapshots = dir.resolve("snapshots");
        SnapshotStore.open(snapshots, StoreConfig.defaults()).close();
        assertInstanceOf(StoreError.NotAStore.class,
                assertThrows(StoreException.class, () -> RocksChainStore.open(snapshots)).error());
    }

    /** The two folders a power cut during creation leaves (ChainPowerLossTest): they say so, then open empty. */
    @Test
    void anInterruptedCreationSaysSoAndOpensEmpty() throws Exception {
        Path debris = Files.createDirectories(dir.resolve("debris"));
        for (String name : new String[] {"LOCK", "LOG", "IDENTITY"}) {
            Files.writeString(debris.resolve(name), "");
        }
        Path unmarked = dir.resolve("unmarked");
        RocksChainStore.open(unmarked).close();
        Files.delete(unmarked.resolve(RocksChainStore.VERSION_FILE));
        for (Path folder : new Path[] {debris, unmarked}) {
            StoreError e = assertThrows(StoreException.class, () -> RocksChainStore.open(folder, false)).error();
            assertTrue(assertInstanceOf(StoreError.NoStore.class, e).path().endsWith("(creation was interrupted; it holds nothing)"),
                    e.toString());
            try (RocksChainStore s = RocksChainStore.open(folder)) {
                assertEquals(0, s.headNumber());
                s.commit(block(1), set("a", "1"), 3);
            }
            assertTrue(Files.exists(folder.resolve(RocksChainStore.VERSION_FILE)));
            try (RocksChainStore s = RocksChainStore.open(folder, false)) {
                assertEquals(1, s.headNumber());
            }
        }
        // a database holding a block is no interrupted creation, version file or not
        Files.delete(unmarked.resolve(RocksChainStore.VERSION_FILE));
        assertInstanceOf(StoreError.NotAStore.class,
                assertThrows(StoreException.class, () -> RocksChainStore.open(unmarked)).error());
    }

    @Test
    void aTruncatedBlockEntryIsCorruptChainState() throws Exception {
        BlockEntry b = block(1);
        byte[] encoded = b.encode();
        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertInstanceOf(StoreError.CorruptChainState.class,
                assertThrows(StoreException.class, () -> BlockEntry.decode(1, cut)).error());
        assertEquals(b, BlockEntry.decode(1, encoded));
    }
}
