package org.ckbvm.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.store.ByteReader.FormatException;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable store of suspended executions: RocksDB, embedded, one folder (the CLI's default is
 * {@code ./ckbvm-data}). The only class of ckbvm that touches RocksDB; {@code STORE_FORMAT.md}
 * beside it specifies every column family, key and value.
 *
 * <p><b>Deduplication.</b> A snapshot is split into its record (metadata, registers, page map)
 * and its dirty pages; each page is stored once under its CKB hash however many executions hold
 * it, and each source blob once under its source id. Who holds what is kept as reference entries
 * (content || tx), one per pair, so the reference count of a page or blob is the number of its
 * reference entries: adding one is a blind write that never conflicts with another writer, and
 * content is freed in the same batch that removes its last reference.
 *
 * <p><b>Atomicity and durability.</b> Every change (put, replace, delete, quarantine) is one
 * {@link WriteBatch} written with a synced WAL ({@code WriteOptions.setSync(true)}: write plus
 * fdatasync), so a method returns only once its change is durable, and a crash at any moment
 * leaves either all of it or none of it. The live-bytes counter is updated in the same batch by a
 * merge operand.
 *
 * <p><b>Reads verify.</b> A read proves everything it returns: the record's CRC-32C and layout,
 * every page and blob against its hash, the reassembled snapshot's SnapshotCodec bytes against the
 * recorded length and digest, and finally the state root, by resuming the snapshot. A value that
 * fails is reported with its key, moved to the {@code quarantine} column family, and every other
 * entry keeps being served.
 *
 * <p><b>Concurrency.</b> Thread-safe. Reads run on a RocksDB snapshot (a consistent view) and take
 * no locks. Writes to one transaction hash are serialized by a per-hash lock (a second put, delete
 * or import of the same hash waits for the first and then sees its result); writes to different
 * hashes run in parallel and share WAL syncs. Content is guarded by striped read-write locks taken
 * in one global order: a writer that adds a reference to content that is present holds it shared
 * (many writers of one contract proceed together), a writer that adds new content or may free
 * content holds it exclusively.
 *
 * <p><b>Resources.</b> One explicitly sized LRU block cache for all column families, a bounded
 * memtable budget, and every native object closed in reverse order of creation by
 * {@link #close()}, which first waits for running operations.
 */
// Locks and the lifecycle guard are held by try-with-resources without being referenced ("try" lint).
@SuppressWarnings("try")
public final class SnapshotStore implements DataSource, AutoCloseable {
    private static final int TX_STRIPES = 256;
    private static final int CONTENT_STRIPES = 4096;
    private static final byte[] EMPTY = new byte[0];
    private static final int KEY = 32;
    private static final int REF_KEY = 64;

    private final Path dir;
    private final StoreConfig config;
    private final RocksStore rocks;
    private final RocksDB db;
    private final EnumMap<Family, ColumnFamilyHandle> families;
    private final WriteOptions syncWrites;
    /** Read options for reads of the latest state (no snapshot); read-only after creation, so shared. */
    private final ReadOptions latestReads;
    private final StripedLocks txLocks = new StripedLocks(TX_STRIPES);
    private final StripedLocks contentLocks = new StripedLocks(CONTENT_STRIPES);
    /** Mirrors the persisted live-bytes counter; updated with the same deltas after each commit. */
    private final AtomicLong liveBytes;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private SnapshotStore(StoreConfig config, RocksStore rocks) {
        this.dir = rocks.dir;
        this.config = config;
        this.rocks = rocks;
        this.db = rocks.db;
        this.families = rocks.families;
        this.syncWrites = rocks.syncWrites;
        this.latestReads = rocks.latestReads;
        this.liveBytes = new AtomicLong(rocks.liveBytesAtOpen);
    }

    // ---- opening and closing ------------------------------------------------------------------

    /**
     * Opens the store in {@code dir}, creating it if it is missing and {@code config} allows.
     *
     * @throws StoreException {@link StoreError.NoStore}, {@link StoreError.NotAStore},
     *         {@link StoreError.UnsupportedFormat} (a newer or unknown format is never misread),
     *         {@link StoreError.InUse} (another process has it open) or {@link StoreError.Io}
     */
    public static SnapshotStore open(Path dir, StoreConfig config) throws StoreException {
        return new SnapshotStore(config, RocksStore.open(dir, config));
    }

    /**
     * Waits for running operations, stops RocksDB's background work and closes every native
     * object in reverse order of creation. Idempotent; later calls fail with {@link StoreError.Closed}.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            rocks.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** The store's folder. */
    public Path directory() {
        return dir;
    }

    public StoreConfig config() {
        return config;
    }

    /** Live bytes now: keys plus values of every live entry (what {@link StoreLimits#maxStoreBytes} limits). */
    public long liveBytes() {
        return liveBytes.get();
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Stores {@code snapshot} as the suspended execution of {@code tx}, replacing the one stored
     * there (a later segment of the same transaction). Returns once the write is durable.
     *
     * <p>Before anything is written the snapshot must encode, fit the limits, and resume to its
     * own state root with the blobs it needs; blobs the store lacks are taken from {@code blobs}
     * (each checked against its id). So every stored execution is resumable.
     *
     * @throws StoreException {@link StoreError.InvalidSnapshot}, {@link StoreError.BlobUnavailable},
     *         {@link StoreError.LimitExceeded} (nothing written) or {@link StoreError.Io}
     */
    public StoredExecution put(TxHash tx, Snapshot snapshot, ExecutionMetadata metadata, DataSource blobs)
            throws StoreException {
        return write(tx, snapshot, metadata, blobs, true, null);
    }

    /**
     * As {@link #put}, and records {@code executedBy} as an executed transaction in the same atomic
     * write (the node plugin's replay protection: the snapshot and the fact that the transaction
     * ran become durable together or not at all).
     */
    public StoredExecution put(TxHash tx, Snapshot snapshot, ExecutionMetadata metadata, DataSource blobs,
                               TxHash executedBy) throws StoreException {
        return write(tx, snapshot, metadata, blobs, true, executedBy);
    }

    /** As {@link #put}, but refuses with {@link StoreError.AlreadyExists} if {@code tx} is stored. */
    public StoredExecution putNew(TxHash tx, Snapshot snapshot, ExecutionMetadata metadata, DataSource blobs)
            throws StoreException {
        return write(tx, snapshot, metadata, blobs, false, null);
    }

    private StoredExecution write(TxHash tx, Snapshot snapshot, ExecutionMetadata metadata, DataSource supplied,
                                  boolean replace, TxHash executedBy) throws StoreException {
        try (Op op = begin()) {
            byte[] encoded;
            try {
                encoded = SnapshotCodec.encode(snapshot);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new StoreException(new StoreError.InvalidSnapshot(String.valueOf(e.getMessage())));
            }
            if (encoded.length > config.limits().maxSnapshotBytes()) {
                throw new StoreException(new StoreError.LimitExceeded("max snapshot size", encoded.length,
                        config.limits().maxSnapshotBytes()));
            }
            TreeMap<ContentKey, byte[]> pages = new TreeMap<>();
            ExecutionRecord record = ExecutionRecord.split(metadata, snapshot, encoded, pages);
            byte[] recordValue = record.encode();
            TreeMap<ContentKey, byte[]> blobs = new TreeMap<>();
            TreeSet<ContentKey> blobsPresent = new TreeSet<>();
            resolveBlobs(record.blobRefs(), supplied, blobs, blobsPresent);
            proveResumable(snapshot, blobs);
            commitWrite(tx, record, recordValue, pages, blobs, blobsPresent, replace, executedBy);
            return new StoredExecution(tx, metadata, snapshot, encoded.length, CkbHash.hash(encoded));
        }
    }

    /** Each needed blob: the store's copy if intact (then marked present), else the caller's, checked. */
    private void resolveBlobs(SortedSet<ContentKey> ids, DataSource supplied, Map<ContentKey, byte[]> out,
                              SortedSet<ContentKey> present) throws StoreException {
        for (ContentKey id : ids) {
            byte[] stored = get(Family.BLOBS, null, id.hash());
            if (stored != null && Arrays.equals(CkbHash.hash(stored), id.hash())) {
                out.put(id, stored);
                present.add(id);
                continue;
            }
            Optional<DataSlice> slice = supplied.load(SourceId.of(id.hash()), 0, 0);
            if (slice.isEmpty()) {
                throw new StoreException(new StoreError.BlobUnavailable(id.hex()));
            }
            byte[] blob = slice.get().bytes();
            if (!Arrays.equals(CkbHash.hash(blob), id.hash())) {
                throw new StoreException(new StoreError.InvalidSnapshot("the blob supplied for 0x" + id.hex()
                        + " hashes to 0x" + java.util.HexFormat.of().formatHex(CkbHash.hash(blob))));
            }
            out.put(id, blob);
        }
    }

    /** Resumes the snapshot on a scratch machine: its state root must be what it claims. */
    private static void proveResumable(Snapshot snapshot, Map<ContentKey, byte[]> blobs) throws StoreException {
        try {
            SuspendableMachine.resume(snapshot, mapSource(blobs), snapshot.header().toConfig(), s -> { }, List.of());
        } catch (ResumeException e) {
            throw new StoreException(new StoreError.InvalidSnapshot("it does not resume: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new StoreException(new StoreError.InvalidSnapshot(String.valueOf(e.getMessage())));
        }
    }

    private void commitWrite(TxHash tx, ExecutionRecord record, byte[] recordValue, SortedMap<ContentKey, byte[]> pages,
                             SortedMap<ContentKey, byte[]> blobs, SortedSet<ContentKey> blobsPresent, boolean replace,
                             TxHash executedBy) throws StoreException {
        try (StripedLocks.Held txLock = txLocks.exclusive(tx.bytes())) {
            byte[] oldValue = get(Family.EXECUTIONS, null, tx.bytes());
            ExecutionRecord old = null;
            if (oldValue != null) {
                if (!replace) {
                    throw new StoreException(new StoreError.AlreadyExists(tx));
                }
                try {
                    old = ExecutionRecord.decode(oldValue);
                } catch (FormatException e) {
                    quarantineRecordLocked(tx, oldValue, e.getMessage());
                    oldValue = null;
                }
            }
            SortedSet<ContentKey> oldPages = old == null ? new TreeSet<>() : old.pageRefs();
            SortedSet<ContentKey> oldBlobs = old == null ? new TreeSet<>() : old.blobRefs();
            // Pages present and intact only need to stay present; the others are written here.
            TreeSet<ContentKey> pagesPresent = new TreeSet<>();
            for (Map.Entry<ContentKey, byte[]> e : pages.entrySet()) {
                if (Arrays.equals(get(Family.PAGES, null, e.getKey().hash()), e.getValue())) {
                    pagesPresent.add(e.getKey());
                }
            }
            StripedLocks.Held content = lockForWrite(pages.keySet(), pagesPresent, blobs.keySet(), blobsPresent,
                    oldPages, oldBlobs);
            try (content) {
                WriteBatch batch = new WriteBatch();
                try (batch) {
                    long delta = 0;
                    batch.put(handle(Family.EXECUTIONS), tx.bytes(), recordValue);
                    delta += KEY + recordValue.length - (oldValue == null ? 0 : KEY + oldValue.length);
                    delta += addContent(batch, Family.PAGES, pages, pagesPresent);
                    delta += addContent(batch, Family.BLOBS, blobs, blobsPresent);
                    delta += moveRefs(batch, Family.PAGE_REFS, Family.PAGES, tx, oldPages, pages.keySet());
                    delta += moveRefs(batch, Family.BLOB_REFS, Family.BLOBS, tx, oldBlobs, blobs.keySet());
                    delta += markExecuted(batch, executedBy);
                    commit(batch, delta, "storing " + tx);
                }
            }
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("storing " + tx, String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Takes the content locks a write needs: shared for content it only references and that is
     * present, exclusive for content it adds or may free. If content seen as present disappeared
     * before the locks were held, the plan is redone with it counted as absent.
     */
    private StripedLocks.Held lockForWrite(java.util.Set<ContentKey> newPages, SortedSet<ContentKey> pagesPresent,
                                           java.util.Set<ContentKey> newBlobs, SortedSet<ContentKey> blobsPresent,
                                           SortedSet<ContentKey> oldPages, SortedSet<ContentKey> oldBlobs)
            throws StoreException {
        while (true) {
            SortedMap<Integer, Boolean> plan = StripedLocks.plan();
            newPages.forEach(k -> contentLocks.need(plan, k.hash(), !pagesPresent.contains(k)));
            newBlobs.forEach(k -> contentLocks.need(plan, k.hash(), !blobsPresent.contains(k)));
            oldPages.stream().filter(k -> !newPages.contains(k)).forEach(k -> contentLocks.need(plan, k.hash(), true));
            oldBlobs.stream().filter(k -> !newBlobs.contains(k)).forEach(k -> contentLocks.need(plan, k.hash(), true));
            StripedLocks.Held held = contentLocks.acquire(plan);
            boolean stable = true;
            try {
                stable &= stillPresent(Family.PAGES, pagesPresent);
                stable &= stillPresent(Family.BLOBS, blobsPresent);
            } catch (StoreException | RuntimeException e) {
                held.close();
                throw e;
            }
            if (stable) {
                return held;
            }
            held.close();
        }
    }

    /** Drops from {@code present} what is gone; true if nothing was. */
    private boolean stillPresent(Family family, SortedSet<ContentKey> present) throws StoreException {
        List<ContentKey> gone = new ArrayList<>();
        for (ContentKey k : present) {
            if (size(family, k.hash()) < 0) {
                gone.add(k);
            }
        }
        gone.forEach(present::remove);
        return gone.isEmpty();
    }

    /**
     * Writes content not known present. Held exclusively, so what is there now is final: absent
     * is written; equal is left; different (corrupt) is quarantined and overwritten.
     */
    private long addContent(WriteBatch batch, Family family, SortedMap<ContentKey, byte[]> content,
                            SortedSet<ContentKey> present) throws StoreException, RocksDBException {
        long delta = 0;
        for (Map.Entry<ContentKey, byte[]> e : content.entrySet()) {
            if (present.contains(e.getKey())) {
                continue;
            }
            byte[] key = e.getKey().hash();
            byte[] current = get(family, null, key);
            if (current == null) {
                batch.put(handle(family), key, e.getValue());
                delta += KEY + e.getValue().length;
            } else if (!Arrays.equals(current, e.getValue())) {
                batch.put(handle(Family.QUARANTINE), StoreLayout.quarantineKey(family, key, db.getLatestSequenceNumber()),
                        StoreLayout.quarantineValue("content does not hash to its key; replaced by a writer", current));
                batch.put(handle(family), key, e.getValue());
                delta += e.getValue().length - current.length;
            }
        }
        return delta;
    }

    /**
     * Adds the references of {@code tx} to {@code now} that it lacks and removes those to content
     * it no longer needs, freeing content whose last reference goes. Caller holds the locks.
     */
    private long moveRefs(WriteBatch batch, Family refs, Family contentFamily, TxHash tx,
                          SortedSet<ContentKey> before, java.util.Set<ContentKey> now)
            throws StoreException, RocksDBException {
        long delta = 0;
        for (ContentKey k : now) {
            if (!before.contains(k)) {
                batch.put(handle(refs), StoreLayout.refKey(k, tx), EMPTY);
                delta += REF_KEY;
            }
        }
        for (ContentKey k : before) {
            if (!now.contains(k)) {
                delta += dropRef(batch, refs, contentFamily, tx, k);
            }
        }
        return delta;
    }

    /** Removes one reference and, if it was the last, the content. Caller holds k exclusively. */
    private long dropRef(WriteBatch batch, Family refs, Family contentFamily, TxHash tx, ContentKey k)
            throws StoreException, RocksDBException {
        long delta = 0;
        byte[] refKey = StoreLayout.refKey(k, tx);
        if (size(refs, refKey) >= 0) {
            batch.delete(handle(refs), refKey);
            delta -= REF_KEY;
        }
        if (!referencedByOther(refs, k, tx)) {
            int contentSize = size(contentFamily, k.hash());
            if (contentSize >= 0) {
                batch.delete(handle(contentFamily), k.hash());
                delta -= KEY + contentSize;
            }
        }
        return delta;
    }

    /** Whether any execution other than {@code tx} references {@code k} (latest state). */
    private boolean referencedByOther(Family refs, ContentKey k, TxHash tx) {
        try (RocksIterator it = db.newIterator(handle(refs))) {
            it.seek(k.hash());
            for (int seen = 0; seen < 2 && it.isValid(); seen++, it.next()) {
                byte[] key = it.key();
                if (!Arrays.equals(key, 0, KEY, k.hash(), 0, KEY)) {
                    return false;
                }
                if (!Arrays.equals(key, KEY, REF_KEY, tx.bytes(), 0, KEY)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Writes the batch with a synced WAL, with the live-bytes delta merged into it. A delta that
     * grows the store is reserved first against the store-size limit.
     */
    private void commit(WriteBatch batch, long delta, String what) throws StoreException, RocksDBException {
        if (delta > 0) {
            long max = config.limits().maxStoreBytes();
            while (true) {
                long current = liveBytes.get();
                if (current + delta > max || current + delta < current) {
                    throw new StoreException(new StoreError.LimitExceeded("max store size", current + delta, max));
                }
                if (liveBytes.compareAndSet(current, current + delta)) {
                    break;
                }
            }
        }
        boolean done = false;
        try {
            if (delta != 0) {
                batch.merge(handle(Family.META), StoreLayout.META_LIVE_BYTES, StoreLayout.le64(delta));
            }
            db.write(syncWrites, batch);
            done = true;
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
        } finally {
            if (delta > 0 && !done) {
                liveBytes.addAndGet(-delta);
            }
        }
        if (delta <= 0) {
            liveBytes.addAndGet(delta);
        }
    }

    // ---- deleting and quarantine --------------------------------------------------------------

    /**
     * Deletes the execution of {@code tx} and frees what only it referenced, atomically and
     * durably. A corrupt record is moved to quarantine instead (and its references released).
     *
     * @return false if nothing was stored for {@code tx}
     */
    public boolean delete(TxHash tx) throws StoreException {
        return delete(tx, null);
    }

    /**
     * As {@link #delete(TxHash)}, and records {@code executedBy} as an executed transaction in the
     * same atomic write (also when nothing was stored for {@code tx}).
     */
    public boolean delete(TxHash tx, TxHash executedBy) throws StoreException {
        try (Op op = begin(); StripedLocks.Held txLock = txLocks.exclusive(tx.bytes())) {
            byte[] value = get(Family.EXECUTIONS, null, tx.bytes());
            if (value == null) {
                if (executedBy != null) {
                    try (WriteBatch batch = new WriteBatch()) {
                        commit(batch, markExecuted(batch, executedBy), "recording " + executedBy);
                    } catch (RocksDBException e) {
                        throw new StoreException(new StoreError.Io("recording " + executedBy, String.valueOf(e.getMessage())), e);
                    }
                }
                return false;
            }
            ExecutionRecord record;
            try {
                record = ExecutionRecord.decode(value);
            } catch (FormatException e) {
                quarantineRecordLocked(tx, value, e.getMessage());
                return true;
            }
            removeLocked(tx, value, record.pageRefs(), record.blobRefs(), null, executedBy);
            return true;
        }
    }

    /** Whether {@code tx} was recorded as executed by a {@code put} or {@code delete} that named it. */
    public boolean executed(TxHash tx) throws StoreException {
        try (Op op = begin()) {
            return get(Family.EXECUTED, null, tx.bytes()) != null;
        }
    }

    /**
     * Adds the executed marker to a batch. Markers are not counted in live bytes (the size limit
     * guards suspended state; replay protection must never be pruned), so this adds 0 to the delta.
     */
    private long markExecuted(WriteBatch batch, TxHash executedBy) throws RocksDBException {
        if (executedBy != null) {
            batch.put(handle(Family.EXECUTED), executedBy.bytes(), EMPTY);
        }
        return 0;
    }

    /** Removes a record and its references (and content only it held); quarantines the record if a reason is given. */
    private void removeLocked(TxHash tx, byte[] recordValue, SortedSet<ContentKey> pageRefs,
                              SortedSet<ContentKey> blobRefs, String quarantineReason, TxHash executedBy)
            throws StoreException {
        SortedMap<Integer, Boolean> plan = StripedLocks.plan();
        pageRefs.forEach(k -> contentLocks.need(plan, k.hash(), true));
        blobRefs.forEach(k -> contentLocks.need(plan, k.hash(), true));
        try (StripedLocks.Held held = contentLocks.acquire(plan); WriteBatch batch = new WriteBatch()) {
            long delta = -(KEY + recordValue.length);
            batch.delete(handle(Family.EXECUTIONS), tx.bytes());
            if (quarantineReason != null) {
                batch.put(handle(Family.QUARANTINE),
                        StoreLayout.quarantineKey(Family.EXECUTIONS, tx.bytes(), db.getLatestSequenceNumber()),
                        StoreLayout.quarantineValue(quarantineReason, recordValue));
            }
            for (ContentKey k : pageRefs) {
                delta += dropRef(batch, Family.PAGE_REFS, Family.PAGES, tx, k);
            }
            for (ContentKey k : blobRefs) {
                delta += dropRef(batch, Family.BLOB_REFS, Family.BLOBS, tx, k);
            }
            delta += markExecuted(batch, executedBy);
            commit(batch, delta, (quarantineReason == null ? "deleting " : "quarantining ") + tx);
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("deleting " + tx, String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Moves an unreadable record to quarantine. Its references cannot be read from it, so they
     * are found by scanning the reference families for the hash; they are released so that
     * nothing leaks. Caller holds the tx lock.
     */
    private void quarantineRecordLocked(TxHash tx, byte[] value, String reason) throws StoreException {
        removeLocked(tx, value, refsOf(Family.PAGE_REFS, tx), refsOf(Family.BLOB_REFS, tx), reason, null);
    }

    private SortedSet<ContentKey> refsOf(Family refs, TxHash tx) {
        TreeSet<ContentKey> found = new TreeSet<>();
        try (RocksIterator it = db.newIterator(handle(refs))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length == REF_KEY && Arrays.equals(key, KEY, REF_KEY, tx.bytes(), 0, KEY)) {
                    found.add(StoreLayout.refContent(key));
                }
            }
        }
        return found;
    }

    /** Quarantines a record read without locks, if it still holds the bytes that failed. */
    private void quarantineRecordIfUnchanged(TxHash tx, byte[] seen, String reason) throws StoreException {
        try (StripedLocks.Held txLock = txLocks.exclusive(tx.bytes())) {
            byte[] now = get(Family.EXECUTIONS, null, tx.bytes());
            if (now != null && Arrays.equals(now, seen)) {
                quarantineRecordLocked(tx, now, reason);
            }
        }
    }

    /**
     * Quarantines a page or blob that failed its hash, if it still holds the bytes that failed.
     * References to it stay: the executions holding them report it missing until a writer
     * supplies the content again (a put or import of any execution that has it heals them).
     */
    private void quarantineContentIfUnchanged(Family family, byte[] key, byte[] seen, String reason) throws StoreException {
        try (StripedLocks.Held held = contentLocks.exclusive(key); WriteBatch batch = new WriteBatch()) {
            byte[] now = get(family, null, key);
            if (now == null || !Arrays.equals(now, seen)) {
                return;
            }
            batch.delete(handle(family), key);
            batch.put(handle(Family.QUARANTINE), StoreLayout.quarantineKey(family, key, db.getLatestSequenceNumber()),
                    StoreLayout.quarantineValue(reason, now));
            commit(batch, -(KEY + now.length), "quarantining " + family.cfName + " 0x" + hex(key));
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("quarantining", String.valueOf(e.getMessage())), e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * The stored execution of {@code tx}, fully verified (see the class comment), or empty.
     *
     * @throws StoreException {@link StoreError.Corrupt} (the bad value is quarantined),
     *         {@link StoreError.MissingContent}, {@link StoreError.NotResumable} or {@link StoreError.Io}
     */
    public Optional<StoredExecution> get(TxHash tx) throws StoreException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            return read(view, tx, null, s -> { }, List.of()).map(Loaded::stored);
        } catch (ResumeException e) {
            throw new IllegalStateException("resuming with the snapshot's own configuration cannot mismatch", e);
        }
    }

    /**
     * Reads, verifies and resumes the execution of {@code tx} in one step, on a machine of the
     * configuration {@code config} picks for the snapshot (usually its own header's).
     *
     * @throws ResumeException only if the machine configuration differs from the snapshot's;
     *         everything else that would stop a resume is a {@link StoreException}
     */
    public Optional<ResumedExecution> resume(TxHash tx, Function<Snapshot, MachineConfig> config,
                                             Consumer<String> debugSink, List<SyscallHandler> extraSyscalls)
            throws StoreException, ResumeException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            return read(view, tx, config, debugSink, extraSyscalls).map(Loaded::resumed);
        }
    }

    /** What a verified read produced: the execution, its resumed machine and the blobs it needs. */
    private record Loaded(StoredExecution stored, SuspendableMachine machine, Map<ContentKey, byte[]> blobs) {
        ResumedExecution resumed() {
            return new ResumedExecution(stored, machine);
        }
    }

    private Optional<Loaded> read(ReadView view, TxHash tx, Function<Snapshot, MachineConfig> configFor,
                                  Consumer<String> debugSink, List<SyscallHandler> extraSyscalls)
            throws StoreException, ResumeException {
        byte[] value = get(Family.EXECUTIONS, view.options, tx.bytes());
        if (value == null) {
            return Optional.empty();
        }
        ExecutionRecord record;
        try {
            record = ExecutionRecord.decode(value);
        } catch (FormatException e) {
            throw corruptRecord(tx, value, e.getMessage());
        }
        Map<ContentKey, byte[]> pages = readContent(view, tx, Family.PAGES, record.pageRefs());
        Snapshot snapshot;
        try {
            snapshot = record.assemble(pages::get);
        } catch (FormatException e) {
            throw corruptRecord(tx, value, e.getMessage());
        }
        Map<ContentKey, byte[]> blobs = readContent(view, tx, Family.BLOBS, record.blobRefs());
        MachineConfig machineConfig = configFor == null ? snapshot.header().toConfig() : configFor.apply(snapshot);
        SuspendableMachine machine;
        try {
            machine = SuspendableMachine.resume(snapshot, mapSource(blobs), machineConfig, debugSink, extraSyscalls);
        } catch (ResumeException e) {
            if (configFor != null && e.reason() instanceof ResumeException.Reason.SnapshotVersionMismatch) {
                throw e;
            }
            // Every byte was proven intact above, so this is not storage corruption: the snapshot
            // does not resume on this build. It stays where it is.
            throw new StoreException(new StoreError.NotResumable(tx, e.getMessage()));
        }
        StoredExecution stored = new StoredExecution(tx, record.metadata(), snapshot, record.snapshotLength(),
                record.snapshotDigest());
        return Optional.of(new Loaded(stored, machine, blobs));
    }

    private StoreException corruptRecord(TxHash tx, byte[] value, String reason) throws StoreException {
        quarantineRecordIfUnchanged(tx, value, reason);
        return new StoreException(new StoreError.Corrupt(Family.EXECUTIONS.cfName, tx.toHex(), reason));
    }

    /** Reads and hash-checks content at the view; corrupt content is quarantined. */
    private Map<ContentKey, byte[]> readContent(ReadView view, TxHash tx, Family family, SortedSet<ContentKey> keys)
            throws StoreException {
        List<ContentKey> list = new ArrayList<>(keys);
        List<byte[]> rawKeys = new ArrayList<>(list.size());
        List<ColumnFamilyHandle> cfs = new ArrayList<>(list.size());
        for (ContentKey k : list) {
            rawKeys.add(k.hash());
            cfs.add(handle(family));
        }
        List<byte[]> values;
        try {
            values = list.isEmpty() ? List.of() : db.multiGetAsList(view.options, cfs, rawKeys);
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("reading " + family.cfName, String.valueOf(e.getMessage())), e);
        }
        Map<ContentKey, byte[]> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ContentKey k = list.get(i);
            byte[] v = values.get(i);
            if (v == null) {
                throw new StoreException(new StoreError.MissingContent(tx, family.cfName, k.hex()));
            }
            String problem = contentProblem(family, k, v);
            if (problem != null) {
                quarantineContentIfUnchanged(family, k.hash(), v, problem);
                throw new StoreException(new StoreError.Corrupt(family.cfName, k.hex(), problem));
            }
            out.put(k, v);
        }
        return out;
    }

    /** Why a page or blob value is not the content its key names, or null. */
    private static String contentProblem(Family family, ContentKey key, byte[] value) {
        if (family == Family.PAGES && value.length != Memory.PAGE_SIZE) {
            return "a page of " + value.length + " bytes";
        }
        byte[] actual = CkbHash.hash(value);
        return Arrays.equals(actual, key.hash()) ? null
                : "content hashes to 0x" + java.util.HexFormat.of().formatHex(actual);
    }

    private static DataSource mapSource(Map<ContentKey, byte[]> blobs) {
        TreeMap<SourceId, byte[]> byId = new TreeMap<>();
        blobs.forEach((k, v) -> byId.put(SourceId.of(k.hash()), v));
        return (id, offset, length) -> Optional.ofNullable(byId.get(id)).map(b -> DataSlice.of(b, offset, length));
    }

    /**
     * {@link DataSource} over the blob column family: the blob is read, checked against its id
     * (a corrupt one is quarantined and reported as absent) and sliced as CKB slices.
     *
     * @throws IllegalStateException if the store is closed or RocksDB fails (a data source has no
     *         checked failure)
     */
    @Override
    public Optional<DataSlice> load(SourceId id, long offset, long length) {
        try (Op op = begin()) {
            byte[] key = id.bytes();
            byte[] blob = get(Family.BLOBS, null, key);
            if (blob == null) {
                return Optional.empty();
            }
            String problem = contentProblem(Family.BLOBS, new ContentKey(key), blob);
            if (problem != null) {
                quarantineContentIfUnchanged(Family.BLOBS, key, blob, problem);
                return Optional.empty();
            }
            return Optional.of(DataSlice.of(blob, offset, length));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether an execution is stored for {@code tx} (its record exists; nothing is verified). */
    public boolean contains(TxHash tx) throws StoreException {
        try (Op op = begin()) {
            return size(Family.EXECUTIONS, tx.bytes()) >= 0;
        }
    }

    // ---- listing and pruning ------------------------------------------------------------------

    /** Every execution (or those of {@code owner}), in transaction-hash order, read from their records only. */
    public Listing list(Optional<String> owner) throws StoreException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            List<ExecutionSummary> entries = new ArrayList<>();
            List<StoreError> problems = new ArrayList<>();
            for (Entry e : scanExecutions(view, problems)) {
                if (owner.isEmpty() || owner.get().equals(e.record.metadata().owner())) {
                    entries.add(e.summary());
                }
            }
            return new Listing(entries, problems);
        }
    }

    /** A record as scanned, with its stored size. */
    private record Entry(TxHash tx, ExecutionRecord record, int valueLength) {
        ExecutionSummary summary() {
            return new ExecutionSummary(tx, record.metadata(), record.kind(), record.snapshotLength(),
                    record.dirtyPageCount(), record.sourcePageCount(), record.state().cycles(),
                    record.state().maxCycles(), record.stateRoot());
        }
    }

    /** Age order: oldest first by (created seconds, created block with none first, tx). */
    private static final Comparator<Entry> OLDEST_FIRST = Comparator
            .<Entry, Long>comparing(e -> e.record.metadata().createdAtSeconds(), Long::compareUnsigned)
            .thenComparing(e -> e.record.metadata().createdAtBlock().isPresent())
            .thenComparing(e -> e.record.metadata().createdAtBlock().orElse(0), Long::compareUnsigned)
            .thenComparing(Entry::tx);

    private List<Entry> scanExecutions(ReadView view, List<StoreError> problems) throws StoreException {
        return scanExecutions(view, problems, new TreeMap<>());
    }

    /** As above; {@code corruptSizes} receives each unreadable record's hash and stored size. */
    private List<Entry> scanExecutions(ReadView view, List<StoreError> problems, Map<TxHash, Integer> corruptSizes)
            throws StoreException {
        List<Entry> entries = new ArrayList<>();
        List<TxHash> corrupt = new ArrayList<>();
        List<byte[]> corruptValues = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (RocksIterator it = db.newIterator(handle(Family.EXECUTIONS), view.options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                if (key.length != TxHash.LENGTH) {
                    problems.add(new StoreError.Corrupt(Family.EXECUTIONS.cfName, hex(key), "key of " + key.length + " bytes"));
                    continue;
                }
                TxHash tx = TxHash.of(key);
                try {
                    entries.add(new Entry(tx, ExecutionRecord.decode(value), value.length));
                } catch (FormatException e) {
                    corrupt.add(tx);
                    corruptSizes.put(tx, value.length);
                    corruptValues.add(value);
                    reasons.add(e.getMessage());
                }
            }
            checkIterator(it, "listing executions");
        }
        for (int i = 0; i < corrupt.size(); i++) {
            quarantineRecordIfUnchanged(corrupt.get(i), corruptValues.get(i), reasons.get(i));
            problems.add(new StoreError.Corrupt(Family.EXECUTIONS.cfName, corrupt.get(i).toHex(), reasons.get(i)));
        }
        return entries;
    }

    /**
     * Removes the executions {@code policy} selects, oldest first, each with its own atomic
     * delete (a crash part-way leaves a prefix of them removed). A dry run removes nothing and
     * reports what would go and what the live bytes would then be.
     */
    public PruneResult prune(PrunePolicy policy, boolean dryRun) throws StoreException {
        try (Op op = begin()) {
            List<Entry> entries;
            try (ReadView view = new ReadView()) {
                entries = scanExecutions(view, new ArrayList<>());
            }
            entries.sort(OLDEST_FIRST);
            long before = liveBytes.get();
            List<Entry> victims = new ArrayList<>();
            if (policy instanceof PrunePolicy.CreatedBefore p) {
                entries.stream().filter(e -> Long.compareUnsigned(e.record.metadata().createdAtSeconds(), p.cutoffSeconds()) < 0)
                        .forEach(victims::add);
            } else if (policy instanceof PrunePolicy.CreatedBeforeBlock p) {
                entries.stream().filter(e -> e.record.metadata().createdAtBlock().isPresent()
                        && Long.compareUnsigned(e.record.metadata().createdAtBlock().getAsLong(), p.cutoffBlock()) < 0)
                        .forEach(victims::add);
            } else if (policy instanceof PrunePolicy.KeepLast p) {
                victims.addAll(entries.subList(0, Math.max(0, entries.size() - p.count())));
            } else if (policy instanceof PrunePolicy.MaxBytes p) {
                Simulation sim = new Simulation(entries);
                for (Entry e : entries) {
                    if (before - sim.freed <= p.maxBytes()) {
                        break;
                    }
                    sim.remove(e);
                    victims.add(e);
                }
            }
            if (dryRun) {
                Simulation sim = new Simulation(entries);
                for (Entry e : victims) {
                    sim.remove(e);
                }
                return new PruneResult(victims.stream().map(Entry::tx).toList(), before, before - sim.freed, true);
            }
            List<TxHash> removed = new ArrayList<>();
            for (Entry e : victims) {
                if (delete(e.tx)) {
                    removed.add(e.tx);
                }
            }
            return new PruneResult(removed, before, liveBytes.get(), false);
        }
    }

    /** Replays deletions on reference counts taken from the records, to tell what they would free. */
    private final class Simulation {
        private final Map<ContentKey, Integer> pageRefs = new HashMap<>();
        private final Map<ContentKey, Integer> blobRefs = new HashMap<>();
        long freed;

        Simulation(List<Entry> entries) {
            for (Entry e : entries) {
                e.record.pageRefs().forEach(k -> pageRefs.merge(k, 1, Integer::sum));
                e.record.blobRefs().forEach(k -> blobRefs.merge(k, 1, Integer::sum));
            }
        }

        void remove(Entry e) throws StoreException {
            freed += KEY + e.valueLength;
            freed += release(pageRefs, e.record.pageRefs(), Family.PAGES);
            freed += release(blobRefs, e.record.blobRefs(), Family.BLOBS);
        }

        private long release(Map<ContentKey, Integer> counts, SortedSet<ContentKey> refs, Family family)
                throws StoreException {
            long bytes = 0;
            for (ContentKey k : refs) {
                bytes += REF_KEY;
                if (counts.merge(k, -1, Integer::sum) == 0) {
                    int size = size(family, k.hash());
                    bytes += size < 0 ? 0 : KEY + size;
                }
            }
            return bytes;
        }
    }

    // ---- export and import --------------------------------------------------------------------

    /**
     * Writes the execution of {@code tx} with its metadata and every blob it needs to
     * {@code file} (see {@link ExportFile}); the file is complete or absent (written to a
     * temporary file, synced, then renamed).
     *
     * @return the exported execution, or empty if none is stored
     */
    public Optional<StoredExecution> export(TxHash tx, Path file) throws StoreException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            Optional<Loaded> read;
            try {
                read = read(view, tx, null, s -> { }, List.of());
            } catch (ResumeException e) {
                throw new IllegalStateException("resuming with the snapshot's own configuration cannot mismatch", e);
            }
            if (read.isEmpty()) {
                return Optional.empty();
            }
            StoredExecution stored = read.get().stored();
            byte[] bytes = ExportFile.encode(new ExportFile.Contents(tx, stored.metadata(),
                    SnapshotCodec.encode(stored.snapshot()), new TreeMap<>(read.get().blobs())));
            DurableFiles.write(file, bytes);
            return Optional.of(stored);
        }
    }

    /**
     * Stores the execution in an export file under the transaction hash it names, after checking
     * the file whole: its checksum, its snapshot (strict SnapshotCodec decoding), that it carries
     * exactly the blobs the snapshot needs, and that the snapshot resumes to its state root.
     *
     * @param replace whether an execution already stored for that hash may be replaced
     */
    public StoredExecution importFrom(Path file, boolean replace) throws StoreException {
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 64) {
                throw new StoreException(new StoreError.BadExportFile("larger than 2 GiB"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw io("reading " + file, e);
        }
        ExportFile.Contents contents;
        Snapshot snapshot;
        try {
            contents = ExportFile.decode(bytes);
            snapshot = SnapshotCodec.decode(contents.snapshot());
        } catch (FormatException e) {
            throw new StoreException(new StoreError.BadExportFile(e.getMessage()));
        } catch (SnapshotFormatException e) {
            throw new StoreException(new StoreError.BadExportFile("snapshot: " + e.getMessage()));
        }
        SortedSet<ContentKey> needed = ExecutionRecord.split(contents.metadata(), snapshot, contents.snapshot(),
                new TreeMap<>()).blobRefs();
        if (!needed.equals(contents.blobs().keySet())) {
            TreeSet<ContentKey> missing = new TreeSet<>(needed);
            missing.removeAll(contents.blobs().keySet());
            TreeSet<ContentKey> extra = new TreeSet<>(contents.blobs().keySet());
            extra.removeAll(needed);
            throw new StoreException(new StoreError.BadExportFile("blobs do not match the snapshot: missing "
                    + missing + ", extra " + extra));
        }
        return write(contents.tx(), snapshot, contents.metadata(), mapSource(contents.blobs()), replace, null);
    }

    // ---- verify and stats ---------------------------------------------------------------------

    /**
     * Re-checks the whole store at one consistent point: every execution is read back as
     * {@link #get} reads it (corrupt values are quarantined on the way), and every reference,
     * page and blob is checked against the records, so that reference counts are exactly the
     * references the stored executions make, nothing is referenced that is missing and nothing
     * stored is unreferenced; last, the live-bytes counter against the sum of all live entries.
     */
    public VerifyReport verify() throws StoreException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            List<VerifyReport.EntryResult> results = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<StoreError> scanProblems = new ArrayList<>();
            Map<TxHash, Integer> corrupt = new TreeMap<>();
            List<Entry> entries = scanExecutions(view, scanProblems, corrupt);
            scanProblems.forEach(p -> problems.add(p.message()));
            Map<TxHash, Entry> byTx = new TreeMap<>();
            // A record found corrupt was live at this view (it is quarantined after it): its bytes
            // count, and its references are its own problem, already reported.
            long counted = 0;
            for (int size : corrupt.values()) {
                counted += KEY + size;
            }
            for (Entry e : entries) {
                byTx.put(e.tx, e);
                counted += KEY + e.valueLength;
                String failure = null;
                try {
                    read(view, e.tx, null, s -> { }, List.of());
                    failure = missingRefs(view, e);
                } catch (StoreException ex) {
                    failure = ex.getMessage();
                } catch (ResumeException ex) {
                    failure = ex.getMessage();
                }
                results.add(new VerifyReport.EntryResult(e.tx, Optional.ofNullable(failure)));
            }
            counted += checkRefs(view, Family.PAGE_REFS, byTx, corrupt.keySet(), true, problems);
            counted += checkRefs(view, Family.BLOB_REFS, byTx, corrupt.keySet(), false, problems);
            counted += checkContent(view, Family.PAGES, Family.PAGE_REFS, problems);
            counted += checkContent(view, Family.BLOBS, Family.BLOB_REFS, problems);
            byte[] counter = get(Family.META, view.options, StoreLayout.META_LIVE_BYTES);
            long recorded;
            try {
                recorded = counter == null ? 0 : StoreLayout.fromLe64(counter);
            } catch (FormatException e) {
                recorded = -1;
            }
            if (recorded != counted) {
                // The counter can only drift if a value changed length behind the store's back (a
                // truncated record): correct it by the difference seen at this view, which stays
                // right even while other writers merge their own deltas.
                problems.add("live-bytes counter was " + recorded + " but the live entries hold " + counted
                        + " bytes (corrected)");
                correctCounter(counted - recorded);
            }
            long quarantined = count(view, Family.QUARANTINE);
            return new VerifyReport(results, problems, quarantined);
        }
    }

    private void correctCounter(long difference) throws StoreException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.merge(handle(Family.META), StoreLayout.META_LIVE_BYTES, StoreLayout.le64(difference));
            db.write(syncWrites, batch);
            liveBytes.addAndGet(difference);
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("correcting the live-bytes counter", String.valueOf(e.getMessage())), e);
        }
    }

    /** Which references of an execution are missing, or null. */
    private String missingRefs(ReadView view, Entry e) throws StoreException {
        for (ContentKey k : e.record.pageRefs()) {
            if (get(Family.PAGE_REFS, view.options, StoreLayout.refKey(k, e.tx)) == null) {
                return "reference to page " + k + " is missing";
            }
        }
        for (ContentKey k : e.record.blobRefs()) {
            if (get(Family.BLOB_REFS, view.options, StoreLayout.refKey(k, e.tx)) == null) {
                return "reference to blob " + k + " is missing";
            }
        }
        return null;
    }

    /** Every reference must name a stored execution that references that content. Returns the bytes counted. */
    private long checkRefs(ReadView view, Family refs, Map<TxHash, Entry> byTx, java.util.Set<TxHash> corrupt,
                           boolean pages, List<String> problems) throws StoreException {
        long bytes = 0;
        try (RocksIterator it = db.newIterator(handle(refs), view.options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                bytes += key.length + it.value().length;
                if (key.length != REF_KEY || it.value().length != 0) {
                    problems.add(refs.cfName + " entry 0x" + hex(key) + " is malformed");
                    continue;
                }
                ContentKey k = StoreLayout.refContent(key);
                TxHash tx = StoreLayout.refTx(key);
                Entry e = byTx.get(tx);
                if (corrupt.contains(tx)) {
                    continue;
                }
                if (e == null) {
                    problems.add(refs.cfName + " entry " + k + " -> " + tx + " names no stored execution");
                } else if (!(pages ? e.record.pageRefs() : e.record.blobRefs()).contains(k)) {
                    problems.add(refs.cfName + " entry " + k + " -> " + tx + " is not referenced by that execution");
                }
            }
            checkIterator(it, "verifying " + refs.cfName);
        }
        return bytes;
    }

    /** Every page or blob must hash to its key and be referenced at least once. Returns the bytes counted. */
    private long checkContent(ReadView view, Family content, Family refs, List<String> problems) throws StoreException {
        long bytes = 0;
        List<byte[]> corruptKeys = new ArrayList<>();
        List<byte[]> corruptValues = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (RocksIterator it = db.newIterator(handle(content), view.options);
             RocksIterator refIt = db.newIterator(handle(refs), view.options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                bytes += key.length + value.length;
                if (key.length != KEY) {
                    problems.add(content.cfName + " entry 0x" + hex(key) + " has a malformed key");
                    continue;
                }
                ContentKey k = new ContentKey(key);
                String problem = contentProblem(content, k, value);
                if (problem != null) {
                    corruptKeys.add(key);
                    corruptValues.add(value);
                    reasons.add(problem);
                    problems.add(new StoreError.Corrupt(content.cfName, k.hex(), problem).message());
                }
                refIt.seek(key);
                if (!refIt.isValid() || !Arrays.equals(refIt.key(), 0, KEY, key, 0, KEY)) {
                    problems.add(content.cfName + " entry " + k + " is referenced by no execution");
                }
            }
            checkIterator(it, "verifying " + content.cfName);
        }
        for (int i = 0; i < corruptKeys.size(); i++) {
            quarantineContentIfUnchanged(content, corruptKeys.get(i), corruptValues.get(i), reasons.get(i));
        }
        return bytes;
    }

    /** Counts and sizes at one consistent point, plus RocksDB's own figures. */
    public StoreStats stats() throws StoreException {
        try (Op op = begin(); ReadView view = new ReadView()) {
            Map<ContentKey, Integer> blobSizes = new HashMap<>();
            long blobBytes = 0;
            try (RocksIterator it = db.newIterator(handle(Family.BLOBS), view.options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    int size = it.value().length;
                    blobSizes.put(new ContentKey(it.key()), size);
                    blobBytes += size;
                }
                checkIterator(it, "reading blobs");
            }
            long executions = 0;
            long snapshotBytes = 0;
            long pageReferences = 0;
            long blobReferences = 0;
            long logical = 0;
            for (Entry e : scanExecutions(view, new ArrayList<>())) {
                executions++;
                snapshotBytes += e.record.snapshotLength();
                pageReferences += e.record.dirtyPageCount();
                logical += e.record.snapshotLength();
                for (ContentKey k : e.record.blobRefs()) {
                    blobReferences++;
                    logical += blobSizes.getOrDefault(k, 0);
                }
            }
            long pages = count(view, Family.PAGES);
            long quarantined = 0;
            long quarantineBytes = 0;
            try (RocksIterator it = db.newIterator(handle(Family.QUARANTINE), view.options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    quarantined++;
                    quarantineBytes += it.key().length + it.value().length;
                }
                checkIterator(it, "reading quarantine");
            }
            byte[] counter = get(Family.META, view.options, StoreLayout.META_LIVE_BYTES);
            long live;
            try {
                live = counter == null ? 0 : StoreLayout.fromLe64(counter);
            } catch (FormatException e) {
                live = liveBytes.get();
            }
            return new StoreStats(executions, snapshotBytes, pages, pageReferences, blobSizes.size(), blobBytes,
                    blobReferences, logical, live, quarantined, quarantineBytes, rocksdbFigures(), diskBytes());
        }
    }

    private Map<String, Long> rocksdbFigures() throws StoreException {
        Map<String, Long> figures = new TreeMap<>();
        try {
            for (Family f : Family.values()) {
                for (String p : List.of("estimate-num-keys", "total-sst-files-size", "live-sst-files-size",
                        "cur-size-all-mem-tables", "estimate-live-data-size")) {
                    figures.put(f.cfName + "." + p, db.getLongProperty(handle(f), "rocksdb." + p));
                }
            }
            for (String p : List.of("total-sst-files-size", "live-sst-files-size", "cur-size-all-mem-tables",
                    "estimate-live-data-size")) {
                figures.put("all." + p, db.getAggregatedLongProperty("rocksdb." + p));
            }
            figures.put("block-cache-capacity", db.getLongProperty("rocksdb.block-cache-capacity"));
            figures.put("block-cache-usage", db.getLongProperty("rocksdb.block-cache-usage"));
            figures.put("block-cache-pinned-usage", db.getLongProperty("rocksdb.block-cache-pinned-usage"));
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("reading RocksDB properties", String.valueOf(e.getMessage())), e);
        }
        return figures;
    }

    /**
     * The folder's size on disk. RocksDB deletes obsolete files at any moment (compaction), so a
     * file listed but gone by the time it is measured counts 0 rather than failing the call.
     */
    private long diskBytes() throws StoreException {
        long total = 0;
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                try {
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                } catch (IOException e) {
                    // removed by compaction while listing
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            throw new StoreException(new StoreError.Io("measuring " + dir, String.valueOf(e.getMessage())), e);
        }
        return total;
    }

    // ---- small helpers ------------------------------------------------------------------------

    private ColumnFamilyHandle handle(Family f) {
        return families.get(f);
    }

    private byte[] get(Family f, ReadOptions options, byte[] key) throws StoreException {
        try {
            return options == null ? db.get(handle(f), key) : db.get(handle(f), options, key);
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("reading " + f.cfName + " 0x" + hex(key),
                    String.valueOf(e.getMessage())), e);
        }
    }

    /** The size of a value without copying it out, or -1 if absent. */
    private int size(Family f, byte[] key) throws StoreException {
        try {
            int n = db.get(handle(f), latestReads, key, EMPTY);
            return n == RocksDB.NOT_FOUND ? -1 : n;
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io("reading " + f.cfName + " 0x" + hex(key),
                    String.valueOf(e.getMessage())), e);
        }
    }

    private long count(ReadView view, Family f) throws StoreException {
        long n = 0;
        try (RocksIterator it = db.newIterator(handle(f), view.options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
            checkIterator(it, "counting " + f.cfName);
        }
        return n;
    }

    private static void checkIterator(RocksIterator it, String what) throws StoreException {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
        }
    }

    private static String hex(byte[] key) {
        return java.util.HexFormat.of().formatHex(key);
    }

    private static StoreException io(String what, IOException e) {
        return new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
    }

    /** Holds the lifecycle's read lock for one operation, so close waits for it. */
    private interface Op extends AutoCloseable {
        @Override
        void close();
    }

    private Op begin() throws StoreException {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StoreException(new StoreError.Closed());
        }
        return lock::unlock;
    }

    /** A consistent point-in-time view (a RocksDB snapshot) and the read options bound to it. */
    private final class ReadView implements AutoCloseable {
        private final org.rocksdb.Snapshot snapshot = db.getSnapshot();
        final ReadOptions options = new ReadOptions().setSnapshot(snapshot);

        @Override
        public void close() {
            options.close();
            db.releaseSnapshot(snapshot);
        }
    }
}
