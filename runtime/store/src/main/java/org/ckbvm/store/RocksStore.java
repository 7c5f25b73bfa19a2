package org.ckbvm.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * The store's RocksDB database and every native object it needs: opened with the format checked
 * (the version file first, then the {@code format} entry), and closed in reverse order of
 * creation (column-family handles, the database, then options, the merge operator, the filter and
 * the one block cache). {@link SnapshotStore} does everything else.
 */
final class RocksStore implements AutoCloseable {
    final Path dir;
    final RocksDB db;
    final EnumMap<Family, ColumnFamilyHandle> families;
    /** Every handle RocksDB gave us (default and foreign ones included), closed before the DB. */
    private final List<ColumnFamilyHandle> handles;
    /** Options, operators, filters and caches, in creation order; closed in reverse after the DB. */
    private final List<AutoCloseable> natives;
    final WriteOptions syncWrites;
    final ReadOptions latestReads;
    final long liveBytesAtOpen;

    private RocksStore(Path dir, RocksDB db, EnumMap<Family, ColumnFamilyHandle> families,
                       List<ColumnFamilyHandle> handles, List<AutoCloseable> natives, WriteOptions syncWrites,
                       long liveBytesAtOpen) {
        this.dir = dir;
        this.db = db;
        this.families = families;
        this.handles = handles;
        this.natives = natives;
        this.syncWrites = syncWrites;
        this.latestReads = track(natives, new ReadOptions());
        this.liveBytesAtOpen = liveBytesAtOpen;
    }

    /**
     * Opens the store in {@code dir}, creating it if it is missing and {@code config} allows.
     *
     * @throws StoreException {@link StoreError.NoStore}, {@link StoreError.NotAStore},
     *         {@link StoreError.UnsupportedFormat} (a newer or unknown format is never misread),
     *         {@link StoreError.InUse} (another process has it open), {@link StoreError.Damaged} (RocksDB's checks
     *         failed on its files) or {@link StoreError.Io}
     */
    static RocksStore open(Path dir, StoreConfig config) throws StoreException {
        RocksDB.loadLibrary();
        Path path = dir.toAbsolutePath().normalize();
        String where = path.toString();
        boolean exists = Files.isRegularFile(path.resolve("CURRENT"));
        if (!exists) {
            try {
                List<Path> debris = Files.isDirectory(path)
                        ? InterruptedCreation.debris(path, StoreLayout.VERSION_FILE) : List.of();
                if (debris == null) {
                    throw new StoreException(new StoreError.NotAStore(where,
                            "the folder is not empty and holds no RocksDB database"));
                }
                if (!config.createIfMissing()) {
                    throw new StoreException(new StoreError.NoStore(debris.isEmpty() ? where
                            : where + InterruptedCreation.SAYS));
                }
                InterruptedCreation.clear(path, debris);
                DurableFiles.createFolders(path);
            } catch (IOException e) {
                throw DurableFiles.io("creating " + where, e);
            }
        }
        Path versionFile = path.resolve(StoreLayout.VERSION_FILE);
        try {
            if (exists && Files.exists(versionFile)) {
                long version = StoreLayout.parseVersionFile(Files.readString(versionFile, java.nio.charset.StandardCharsets.US_ASCII));
                if (version != StoreLayout.FORMAT_VERSION) {
                    throw new StoreException(new StoreError.UnsupportedFormat(where, version, StoreLayout.FORMAT_VERSION));
                }
            }
        } catch (IOException e) {
            throw DurableFiles.io("reading " + versionFile, e);
        } catch (StoreFormatException e) {
            throw new StoreException(new StoreError.NotAStore(where, e.getMessage()));
        }
        List<AutoCloseable> natives = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db = null;
        try {
            LRUCache cache = track(natives, new LRUCache(config.blockCacheBytes()));
            BloomFilter bloom = track(natives, new BloomFilter(10));
            UInt64AddOperator add = track(natives, new UInt64AddOperator());
            DBOptions dbOptions = track(natives, new DBOptions()
                    .setCreateIfMissing(!exists)
                    .setCreateMissingColumnFamilies(!exists)
                    .setParanoidChecks(true)
                    // Writes go through write(2) and fdatasync, never a writable mmap (the default,
                    // stated because StorePowerLossTest records that path and refuses mmap writes).
                    .setAllowMmapWrites(false)
                    // A torn tail record after a crash is dropped; every synced write before it is kept.
                    .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                    .setDbWriteBufferSize(StoreConfig.WRITE_BUFFER_BYTES)
                    // Column families written rarely would otherwise pin old WAL files forever.
                    .setMaxTotalWalSize(StoreConfig.WRITE_BUFFER_BYTES)
                    .setKeepLogFileNum(4)
                    .setMaxLogFileSize(4L << 20)
                    .setMaxBackgroundJobs(2));
            EnumMap<Family, ColumnFamilyOptions> cfOptions = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                BlockBasedTableConfig table = new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setFilterPolicy(bloom)
                        // Index and filter blocks are charged to the cache, so the cache bounds them too.
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true)
                        .setBlockSize(16 << 10);
                ColumnFamilyOptions o = track(natives, new ColumnFamilyOptions()
                        .setTableFormatConfig(table)
                        .setCompressionType(CompressionType.LZ4_COMPRESSION)
                        .setWriteBufferSize(f == Family.PAGES || f == Family.BLOBS || f == Family.EXECUTIONS
                                ? 8L << 20 : 2L << 20)
                        .setMaxWriteBufferNumber(2));
                if (f == Family.META) {
                    o.setMergeOperator(add);
                }
                cfOptions.put(f, o);
            }
            ColumnFamilyOptions foreign = track(natives, new ColumnFamilyOptions());

            List<String> names = new ArrayList<>();
            if (exists) {
                try (Options listing = new Options()) {
                    for (byte[] name : RocksDB.listColumnFamilies(listing, where)) {
                        names.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            } else {
                names.add("default");
                for (Family f : Family.values()) {
                    names.add(f.cfName);
                }
            }
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : names) {
                Family f = familyNamed(name);
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        f != null ? cfOptions.get(f) : foreign));
            }
            db = RocksDB.open(dbOptions, where, descriptors, handles);
            EnumMap<Family, ColumnFamilyHandle> families = new EnumMap<>(Family.class);
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Family f = familyNamed(names.get(i));
                if (f != null) {
                    families.put(f, handles.get(i));
                } else if (!names.get(i).equals("default")) {
                    unknown.add(names.get(i));
                }
            }
            WriteOptions syncWrites = track(natives, new WriteOptions().setSync(true));
            checkFormat(where, db, families, unknown, handles, cfOptions, config, !exists, syncWrites);
            if (!Files.exists(versionFile)) {
                DurableFiles.write(versionFile, StoreLayout.versionFileText(StoreLayout.FORMAT_VERSION)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            byte[] counter = db.get(families.get(Family.META), StoreLayout.META_LIVE_BYTES);
            long live = counter == null ? 0 : StoreLayout.fromLe64(counter);
            return new RocksStore(path, db, families, handles, natives, syncWrites, live);
        } catch (RocksDBException e) {
            closeAll(db, handles, natives);
            String status = String.valueOf(e.getMessage());
            if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
                throw new StoreException(new StoreError.Damaged(where, status), e);
            }
            // RocksDB's lock failure: "While lock file: DIR/LOCK: Resource temporarily unavailable"
            // (not merely "lock": a "block checksum mismatch" is damage, not a second process)
            if (status.contains("lock file") || status.contains("/LOCK")) {
                throw new StoreException(new StoreError.InUse(where, status));
            }
            throw new StoreException(new StoreError.Io("opening store " + where, status), e);
        } catch (StoreFormatException e) {
            closeAll(db, handles, natives);
            throw new StoreException(new StoreError.NotAStore(where, e.getMessage()));
        } catch (StoreException | RuntimeException | Error e) {
            closeAll(db, handles, natives);
            throw e;
        }
    }

    /**
     * Accepts only a store of exactly this format. A database without a format entry is accepted
     * only if it is entirely empty (creation was interrupted before the entry was written) and
     * the caller may create; then the entry is written now.
     */
    private static void checkFormat(String where, RocksDB db, EnumMap<Family, ColumnFamilyHandle> families,
                                    List<String> unknown, List<ColumnFamilyHandle> handles,
                                    EnumMap<Family, ColumnFamilyOptions> cfOptions, StoreConfig config, boolean fresh,
                                    WriteOptions syncWrites) throws RocksDBException, StoreException, StoreFormatException {
        ColumnFamilyHandle meta = families.get(Family.META);
        byte[] format = meta == null ? null : db.get(meta, StoreLayout.META_FORMAT);
        if (format != null) {
            long version = StoreLayout.parseFormat(format);
            if (version != StoreLayout.FORMAT_VERSION) {
                throw new StoreException(new StoreError.UnsupportedFormat(where, version, StoreLayout.FORMAT_VERSION));
            }
            if (!unknown.isEmpty()) {
                throw new StoreException(new StoreError.NotAStore(where, "unknown column families " + unknown));
            }
            if (families.size() != Family.values().length) {
                throw new StoreException(new StoreError.NotAStore(where, "column families missing: has only "
                        + families.keySet()));
            }
            return;
        }
        for (ColumnFamilyHandle h : handles) {
            try (RocksIterator it = db.newIterator(h)) {
                it.seekToFirst();
                if (it.isValid()) {
                    throw new StoreException(new StoreError.NotAStore(where, "a RocksDB database without a ckbvm format entry"));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new StoreException(new StoreError.NotAStore(where, "unknown column families " + unknown));
        }
        if (!fresh && !config.createIfMissing()) {
            throw new StoreException(new StoreError.NoStore(where + InterruptedCreation.SAYS));
        }
        for (Family f : Family.values()) {
            if (!families.containsKey(f)) {
                ColumnFamilyHandle h = db.createColumnFamily(new ColumnFamilyDescriptor(f.nameBytes(), cfOptions.get(f)));
                handles.add(h);
                families.put(f, h);
            }
        }
        db.put(families.get(Family.META), syncWrites, StoreLayout.META_FORMAT, StoreLayout.formatValue(StoreLayout.FORMAT_VERSION));
    }

    private static Family familyNamed(String name) {
        for (Family f : Family.values()) {
            if (f.cfName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> natives, T object) {
        natives.add(object);
        return object;
    }

    /** Handles, then the database, then options, operators, filters and the cache: reverse creation order. */
    private static void closeAll(RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> natives) {
        for (int i = handles.size() - 1; i >= 0; i--) {
            handles.get(i).close();
        }
        if (db != null) {
            db.close();
        }
        for (int i = natives.size() - 1; i >= 0; i--) {
            try {
                natives.get(i).close();
            } catch (Exception e) {
                // native close methods of these classes do not fail; nothing to recover
            }
        }
    }

    /** Stops background work (flushes, compactions) and closes everything in reverse order. */
    @Override
    public void close() {
        db.cancelAllBackgroundWork(true);
        closeAll(db, handles, natives);
    }
}
