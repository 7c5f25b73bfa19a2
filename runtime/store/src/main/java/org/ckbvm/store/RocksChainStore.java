package org.ckbvm.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link ChainStore} in an embedded RocksDB folder; the format is {@code CHAIN_FORMAT.md} beside
 * this class. Writers are serialized (one commit or rewind at a time); reads run concurrently.
 */
public final class RocksChainStore implements ChainStore {
    static final String VERSION_FILE = "CKBVM_CHAIN_FORMAT";
    static final String VERSION_TEXT = "ckbvm-chain 1\n";
    private static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META_HEAD = "head".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT_VALUE = "ckbvm-chain 1".getBytes(StandardCharsets.US_ASCII);
    private static final String[] INTERNAL = {"meta", "blocks", "undo"};

    private final Path dir;
    private final RocksDB db;
    private final EnumMap<Family, ColumnFamilyHandle> families;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle blocks;
    private final ColumnFamilyHandle undo;
    private final List<ColumnFamilyHandle> handles;
    private final List<AutoCloseable> natives;
    private final WriteOptions sync;
    private boolean closed;

    private RocksChainStore(Path dir, RocksDB db, List<ColumnFamilyHandle> handles, List<String> names,
                            List<AutoCloseable> natives) {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.natives = natives;
        this.families = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            families.put(f, handles.get(names.indexOf(f.cfName)));
        }
        this.meta = handles.get(names.indexOf("meta"));
        this.blocks = handles.get(names.indexOf("blocks"));
        this.undo = handles.get(names.indexOf("undo"));
        this.sync = new WriteOptions().setSync(true);
        natives.add(sync);
    }

    /**
     * Opens the chain store in {@code dir}, creating it when the folder is missing or empty.
     *
     * @throws StoreException {@code NotAStore} for a folder holding something else,
     *         {@code UnsupportedFormat} for another format version, {@code InUse}, {@code Damaged}, {@code Io}
     */
    public static RocksChainStore open(Path folder) throws StoreException {
        return open(folder, true);
    }

    /** Opens an existing chain store, or creates one when {@code create} allows ({@code NoStore} otherwise). */
    public static RocksChainStore open(Path folder, boolean create) throws StoreException {
        RocksDB.loadLibrary();
        Path path = folder.toAbsolutePath().normalize();
        String where = path.toString();
        boolean exists = Files.isRegularFile(path.resolve("CURRENT"));
        Path versionFile = path.resolve(VERSION_FILE);
        // a database created but not yet marked as ours (no version file) is finished by this open
        boolean finishing = false;
        try {
            if (!exists) {
                List<Path> debris = Files.isDirectory(path) ? InterruptedCreation.debris(path, VERSION_FILE) : List.of();
                if (debris == null) {
                    throw new StoreException(new StoreError.NotAStore(where,
                            "the folder is not empty and holds no RocksDB database"));
                }
                if (!create) {
                    throw new StoreException(new StoreError.NoStore(debris.isEmpty() ? where : where + InterruptedCreation.SAYS));
                }
                InterruptedCreation.clear(path, debris);
                // the folder's own name must be durable before we acknowledge anything stored in it
                DurableFiles.createFolders(path);
            } else if (Files.exists(versionFile)) {
                String text = Files.readString(versionFile, StandardCharsets.US_ASCII);
                if (!text.equals(VERSION_TEXT)) {
                    throw new StoreException(new StoreError.UnsupportedFormat(where, parseVersion(text), 1));
                }
            } else if (Files.exists(path.resolve(StoreLayout.VERSION_FILE)) || !emptyChainDatabase(path)) {
                throw new StoreException(new StoreError.NotAStore(where, "a RocksDB folder without " + VERSION_FILE
                        + " (a suspended-execution store of `ckbvm store`, or another program's database)"));
            } else if (!create) {
                throw new StoreException(new StoreError.NoStore(where + InterruptedCreation.SAYS));
            } else {
                finishing = true;
            }
        } catch (IOException e) {
            throw DurableFiles.io("opening " + where, e);
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("opening chain store " + where, String.valueOf(e.getMessage())), e);
        }
        List<AutoCloseable> natives = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db = null;
        try {
            DBOptions options = track(natives, new DBOptions()
                    .setCreateIfMissing(!exists)
                    .setCreateMissingColumnFamilies(!exists || finishing)
                    .setParanoidChecks(true)
                    // a torn tail record after a crash is dropped; every synced write before it is kept
                    .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                    .setKeepLogFileNum(4)
                    .setMaxLogFileSize(4L << 20)
                    .setMaxBackgroundJobs(2));
            ColumnFamilyOptions cf = track(natives, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setWriteBufferSize(4L << 20));
            List<String> names = new ArrayList<>();
            if (exists && !finishing) {
                try (Options listing = new Options()) {
                    for (byte[] name : RocksDB.listColumnFamilies(listing, where)) {
                        names.add(new String(name, StandardCharsets.UTF_8));
                    }
                }
            } else {
                names.add("default");
                names.addAll(List.of(INTERNAL));
                for (Family f : Family.values()) {
                    names.add(f.cfName);
                }
            }
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cf));
            }
            db = RocksDB.open(options, where, descriptors, handles);
            for (String required : requiredFamilies()) {
                if (!names.contains(required)) {
                    throw new StoreException(new StoreError.NotAStore(where, "no column family " + required));
                }
            }
            RocksChainStore store = new RocksChainStore(path, db, handles, names, natives);
            byte[] format = db.get(store.meta, META_FORMAT);
            if (format == null) {
                if (exists && store.headNumber() != 0) {
                    store.close();
                    throw new StoreException(new StoreError.NotAStore(where, "no format entry"));
                }
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(store.meta, META_FORMAT, FORMAT_VALUE);
                    db.write(store.sync, batch);
                }
            } else if (!java.util.Arrays.equals(format, FORMAT_VALUE)) {
                store.close();
                throw new StoreException(new StoreError.NotAStore(where, "format entry "
                        + new String(format, StandardCharsets.US_ASCII)));
            }
            if (!exists || finishing) {
                // last: until this file exists the folder is an interrupted creation (CHAIN_FORMAT.md)
                DurableFiles.write(versionFile, VERSION_TEXT.getBytes(StandardCharsets.US_ASCII));
            }
            return store;
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
            throw new StoreException(new StoreError.Io("opening chain store " + where, status), e);
        } catch (StoreException | RuntimeException | Error e) {
            closeAll(db, handles, natives);
            throw e;
        }
    }

    private static long parseVersion(String text) {
        String[] parts = text.trim().split(" ");
        try {
            return parts.length == 2 && parts[0].equals("ckbvm-chain") ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a RocksDB folder without the version file is a chain store whose creation was cut
     * short: only chain column families (perhaps not all of them yet), nothing in any of them but
     * the format entry. Read-only: another program's database is not touched.
     */
    private static boolean emptyChainDatabase(Path dir) throws RocksDBException {
        String where = dir.toString();
        List<byte[]> names;
        try (Options listing = new Options()) {
            names = RocksDB.listColumnFamilies(listing, where);
        }
        List<String> ours = requiredFamilies();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : names) {
            String n = new String(name, StandardCharsets.UTF_8);
            if (!n.equals("default") && !ours.contains(n)) {
                return false;
            }
            descriptors.add(new ColumnFamilyDescriptor(name));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.openReadOnly(options, where, descriptors, handles)) {
            for (int i = 0; i < handles.size(); i++) {
                boolean meta = new String(names.get(i), StandardCharsets.UTF_8).equals("meta");
                try (RocksIterator it = db.newIterator(handles.get(i))) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        if (!meta || !java.util.Arrays.equals(it.key(), META_FORMAT)
                                || !java.util.Arrays.equals(it.value(), FORMAT_VALUE)) {
                            return false;
                        }
                    }
                    it.status();
                }
            }
            return true;
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private static List<String> requiredFamilies() {
        List<String> all = new ArrayList<>(List.of(INTERNAL));
        for (Family f : Family.values()) {
            all.add(f.cfName);
        }
        return all;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> natives, T object) {
        natives.add(object);
        return object;
    }

    private static void closeAll(RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> natives) {
        handles.forEach(ColumnFamilyHandle::close);
        if (db != null) {
            db.close();
        }
        for (int i = natives.size() - 1; i >= 0; i--) {
            try {
                natives.get(i).close();
            } catch (Exception ignored) {
                // closing native options cannot fail in a way we could act on
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(db, handles, natives);
        }
    }

    private void checkOpen() throws StoreException {
        if (closed) {
            throw new StoreException(new StoreError.Closed());
        }
    }

    @Override
    public long headNumber() throws StoreException {
        checkOpen();
        byte[] v = read(meta, META_HEAD, "meta");
        if (v == null) {
            return 0;
        }
        if (v.length != 8) {
            throw corrupt("meta", META_HEAD, "head is " + v.length + " bytes");
        }
        return ByteBuffer.wrap(v).getLong();
    }

    @Override
    public Optional<byte[]> get(Family family, byte[] key) throws StoreException {
        checkOpen();
        return Optional.ofNullable(read(families.get(family), key, family.cfName));
    }

    @Override
    public void forEach(Family family, BiConsumer<byte[], byte[]> visitor) throws StoreException {
        checkOpen();
        try (RocksIterator it = db.newIterator(families.get(family))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw io("scanning " + family.cfName, e);
        }
    }

    @Override
    public Optional<BlockEntry> block(long number) throws StoreException {
        checkOpen();
        byte[] v = read(blocks, be64(number), "blocks");
        return v == null ? Optional.empty() : Optional.of(BlockEntry.decode(number, v));
    }

    @Override
    public long oldestRewindable() throws StoreException {
        checkOpen();
        long head = headNumber();
        long oldest = head;
        while (oldest > 0 && read(undo, be64(oldest), "undo") != null) {
            oldest--;
        }
        return oldest;
    }

    @Override
    public synchronized void commit(BlockEntry entry, SortedMap<ChainKey, Optional<byte[]>> changes,
                                    int retainedBlocks) throws StoreException {
        checkOpen();
        long head = headNumber();
        if (entry.number() != head + 1) {
            throw new IllegalArgumentException("block " + entry.number() + " does not follow head " + head);
        }
        UndoLog undoLog = new UndoLog();
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<ChainKey, Optional<byte[]>> c : changes.entrySet()) {
                Family f = c.getKey().family();
                byte[] key = c.getKey().key();
                undoLog.add(f, key, read(families.get(f), key, f.cfName));
                if (c.getValue().isPresent()) {
                    batch.put(families.get(f), key, c.getValue().get());
                } else {
                    batch.delete(families.get(f), key);
                }
            }
            batch.put(undo, be64(entry.number()), undoLog.encode());
            batch.put(blocks, be64(entry.number()), entry.encode());
            batch.put(meta, META_HEAD, be64(entry.number()));
            long prunedBelow = entry.number() - retainedBlocks + 1;
            if (prunedBelow > 1) {
                // undo of blocks that can no longer be rewound: they are final
                batch.deleteRange(undo, be64(0), be64(prunedBelow));
            }
            db.write(sync, batch);
        } catch (RocksDBException e) {
            throw io("committing block " + entry.number(), e);
        }
    }

    @Override
    public synchronized void rewindTo(long number) throws StoreException {
        checkOpen();
        long head = headNumber();
        if (number > head || number < 0) {
            throw new IllegalArgumentException("cannot rewind from " + head + " to " + number);
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (long n = head; n > number; n--) {
                byte[] log = read(undo, be64(n), "undo");
                if (log == null) {
                    throw new IllegalArgumentException("block " + n + " is final: its undo data is pruned");
                }
                for (UndoLog.Entry e : UndoLog.decode(n, log)) {
                    if (e.previous() == null) {
                        batch.delete(families.get(e.family()), e.key());
                    } else {
                        batch.put(families.get(e.family()), e.key(), e.previous());
                    }
                }
                batch.delete(undo, be64(n));
                batch.delete(blocks, be64(n));
            }
            if (number == 0) {
                batch.delete(meta, META_HEAD);
            } else {
                batch.put(meta, META_HEAD, be64(number));
            }
            db.write(sync, batch);
        } catch (RocksDBException e) {
            throw io("rewinding to block " + number, e);
        }
    }

    @Override
    public synchronized void restore(SortedMap<ChainKey, byte[]> values) throws StoreException {
        checkOpen();
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<ChainKey, byte[]> v : values.entrySet()) {
                batch.put(families.get(v.getKey().family()), v.getKey().key(), v.getValue());
            }
            db.write(sync, batch);
        } catch (RocksDBException e) {
            throw io("restoring " + values.size() + " entries", e);
        }
    }

    @Override
    public long diskBytes() throws StoreException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                total += Files.isRegularFile(p) ? Files.size(p) : 0;
            }
            return total;
        } catch (IOException e) {
            throw DurableFiles.io("measuring " + dir, e);
        }
    }

    private byte[] read(ColumnFamilyHandle family, byte[] key, String what) throws StoreException {
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw io("reading " + what, e);
        }
    }

    static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static StoreException io(String what, RocksDBException e) {
        return new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
    }

    private static StoreException corrupt(String family, byte[] key, String detail) {
        return new StoreException(new StoreError.CorruptChainState(family, HexFormat.of().formatHex(key), detail));
    }
}
