package org.ckbvm.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The durable store of suspended executions: RocksDB, embedded, one folder (the CLI's default is
 * {@code ./ckbvm-data}); {@code STORE_FORMAT.md} beside it specifies every column family, key and
 * value. This class is the facade: lifecycle, the per-hash locking of writers, and put / get /
 * delete, each one synced batch. The parts behind it each do one job: {@link ContentStore} (pages
 * and blobs by hash, reference counting, verified reads, quarantine of bad content),
 * {@link ExecutionRecords} (the records by tx hash), and on top {@link StorePruner},
 * {@link StoreExporter}, {@link StoreVerifier} and {@link StoreStatistics}.
 *
 * <p><b>Deduplication.</b> A snapshot is split into its record (metadata, registers, page map)
 * and its dirty pages; each page is stored once under its CKB hash however many executions hold
 * it, and each source blob once under its source id.
 *
 * <p><b>Atomicity and durability.</b> Every change (put, replace, delete, quarantine) is one
 * {@link WriteBatch} written with a synced WAL ({@code WriteOptions.setSync(true)}: write plus
 * fdatasync), so a method returns only once its change is durable, and a crash at any moment
 * leaves either all of it or none of it. The live-bytes counter is updated in the same batch by a
 * merge operand.
 *
 * <p><b>Reads verify.</b> A read proves everything it returns: the record's checks, every page
 * and blob against its hash, the reassembled snapshot's SnapshotCodec bytes against the recorded
 * length and digest, and then the {@link ResumeCheck} the store was opened with. The store runs no
 * machine: proving that a snapshot resumes (before a put, after a read) is that check's job, given
 * by the layer above ({@code org.ckbvm.suspension}). A value that fails is reported with its key,
 * moved to the {@code quarantine} column family, and every other entry keeps being served.
 *
 * <p><b>Concurrency.</b> Thread-safe. Reads run on a RocksDB snapshot (a consistent view) and take
 * no locks. Writes to one transaction hash are serialized by a per-hash lock; writes to different
 * hashes run in parallel and share WAL syncs; content locks are {@link ContentStore}'s.
 *
 * <p><b>Resources.</b> One explicitly sized LRU block cache for all column families, a bounded
 * memtable budget, and every native object closed in reverse order of creation by
 * {@link #close()}, which first waits for running operations.
 */
// Locks and the lifecycle guard are held by try-with-resources without being referenced ("try" lint).
@SuppressWarnings("try")
public final class SnapshotStore implements DataSource, AutoCloseable {
    private final Path dir;
    private final StoreConfig config;
    private final RocksStore opened;
    private final RocksAccess rocks;
    private final ContentStore content;
    private final ExecutionRecords records;
    private final ExecutionReader reader;
    private final ResumeCheck resumeCheck;
    private final StorePruner pruner;
    private final StoreExporter exporter;
    private final StoreVerifier verifier;
    private final StoreStatistics statistics;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private SnapshotStore(StoreConfig config, RocksStore opened, ResumeCheck resumeCheck) {
        this.dir = opened.dir;
        this.config = config;
        this.opened = opened;
        this.resumeCheck = resumeCheck;
        this.rocks = new RocksAccess(opened, config.limits());
        this.content = new ContentStore(rocks);
        this.records = new ExecutionRecords(rocks, content);
        this.reader = new ExecutionReader(records, content, resumeCheck);
        this.pruner = new StorePruner(rocks, records, this);
        this.exporter = new StoreExporter(rocks, reader, this);
        this.verifier = new StoreVerifier(rocks, records, content, reader);
        this.statistics = new StoreStatistics(dir, rocks, records);
    }

    // ---- opening and closing ------------------------------------------------------------------

    /**
     * Opens the store in {@code dir}, creating it if it is missing and {@code config} allows.
     * Snapshots are proven by {@code resumeCheck} before they are stored and after they are read.
     *
     * @throws StoreException {@link StoreError.NoStore}, {@link StoreError.NotAStore},
     *         {@link StoreError.UnsupportedFormat} (a newer or unknown format is never misread),
     *         {@link StoreError.InUse} (another process has it open), {@link StoreError.Damaged} (RocksDB's checks
     *         failed on its files) or {@link StoreError.Io}
     */
    public static SnapshotStore open(Path dir, StoreConfig config, ResumeCheck resumeCheck) throws StoreException {
        java.util.Objects.requireNonNull(resumeCheck, "resumeCheck");
        return new SnapshotStore(config, RocksStore.open(dir, config), resumeCheck);
    }

    /**
     * As {@link #open(Path, StoreConfig, ResumeCheck)} with {@link ResumeCheck#NONE}: every byte
     * is still proven, but not that a snapshot resumes. Writers that run machines open the store
     * through {@code org.ckbvm.suspension.StoreResumer} instead.
     */
    public static SnapshotStore open(Path dir, StoreConfig config) throws StoreException {
        return open(dir, config, ResumeCheck.NONE);
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
            opened.close();
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
        return rocks.liveBytes();
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Stores {@code snapshot} as the suspended execution of {@code tx}, replacing the one stored
     * there (a later segment of the same transaction). Returns once the write is durable.
     *
     * <p>Before anything is written the snapshot must encode, fit the limits, and pass the
     * {@link ResumeCheck} with the blobs it needs; blobs the store lacks are taken from
     * {@code blobs} (each checked against its id).
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

    /** Every put and import: checks, then one synced batch. */
    StoredExecution write(TxHash tx, Snapshot snapshot, ExecutionMetadata metadata, DataSource supplied,
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
            content.resolveBlobs(record.blobRefs(), supplied, blobs, blobsPresent);
            Optional<String> failure;
            try {
                failure = resumeCheck.failure(snapshot, ExecutionReader.mapSource(blobs));
            } catch (IllegalArgumentException e) {
                failure = Optional.of(String.valueOf(e.getMessage()));
            }
            if (failure.isPresent()) {
                throw new StoreException(new StoreError.InvalidSnapshot("it does not resume: " + failure.get()));
            }
            commitWrite(tx, record, recordValue, pages, blobs, blobsPresent, replace, executedBy);
            return new StoredExecution(tx, metadata, snapshot, encoded.length, CkbHash.hash(encoded));
        }
    }

    private void commitWrite(TxHash tx, ExecutionRecord record, byte[] recordValue, TreeMap<ContentKey, byte[]> pages,
                             TreeMap<ContentKey, byte[]> blobs, TreeSet<ContentKey> blobsPresent, boolean replace,
                             TxHash executedBy) throws StoreException {
        try (StripedLocks.Held txLock = records.lock(tx)) {
            byte[] oldValue = records.value(null, tx);
            ExecutionRecord old = null;
            if (oldValue != null) {
                if (!replace) {
                    throw new StoreException(new StoreError.AlreadyExists(tx));
                }
                try {
                    old = ExecutionRecord.decode(oldValue);
                } catch (StoreFormatException e) {
                    records.quarantineLocked(tx, oldValue, e.getMessage());
                    oldValue = null;
                }
            }
            SortedSet<ContentKey> oldPages = old == null ? new TreeSet<>() : old.pageRefs();
            SortedSet<ContentKey> oldBlobs = old == null ? new TreeSet<>() : old.blobRefs();
            // Pages present and intact only need to stay present; the others are written here.
            SortedSet<ContentKey> pagesPresent = content.pagesPresent(pages);
            try (StripedLocks.Held held = content.lockForWrite(pages.keySet(), pagesPresent, blobs.keySet(),
                    blobsPresent, oldPages, oldBlobs); WriteBatch batch = new WriteBatch()) {
                long delta = 0;
                batch.put(rocks.handle(Family.EXECUTIONS), tx.bytes(), recordValue);
                delta += RocksAccess.KEY + recordValue.length - (oldValue == null ? 0 : RocksAccess.KEY + oldValue.length);
                delta += content.add(batch, Family.PAGES, pages, pagesPresent);
                delta += content.add(batch, Family.BLOBS, blobs, blobsPresent);
                delta += content.moveRefs(batch, Family.PAGE_REFS, tx, oldPages, pages.keySet());
                delta += content.moveRefs(batch, Family.BLOB_REFS, tx, oldBlobs, blobs.keySet());
                delta += records.markExecuted(batch, executedBy);
                rocks.commit(batch, delta, "storing " + tx);
            }
        } catch (RocksDBException e) {
            throw RocksAccess.io("storing " + tx, e);
        }
    }

    // ---- deleting -----------------------------------------------------------------------------

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
        try (Op op = begin(); StripedLocks.Held txLock = records.lock(tx)) {
            byte[] value = records.value(null, tx);
            if (value == null) {
                if (executedBy != null) {
                    records.recordExecuted(executedBy);
                }
                return false;
            }
            ExecutionRecord record;
            try {
                record = ExecutionRecord.decode(value);
            } catch (StoreFormatException e) {
                records.quarantineLocked(tx, value, e.getMessage());
                return true;
            }
            records.removeLocked(tx, value, record.pageRefs(), record.blobRefs(), null, executedBy);
            return true;
        }
    }

    /** Whether {@code tx} was recorded as executed by a {@code put} or {@code delete} that named it. */
    public boolean executed(TxHash tx) throws StoreException {
        try (Op op = begin()) {
            return records.executed(tx);
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
        try (Op op = begin(); RocksAccess.View view = rocks.view()) {
            return reader.read(view, tx, true).map(ExecutionReader.Loaded::stored);
        }
    }

    /**
     * As {@link #get}, with the blobs the execution needs, but without the {@link ResumeCheck}:
     * for a caller that resumes the snapshot itself (its resume proves the state root).
     */
    public Optional<VerifiedExecution> readForResume(TxHash tx) throws StoreException {
        try (Op op = begin(); RocksAccess.View view = rocks.view()) {
            return reader.read(view, tx, false).map(l -> new VerifiedExecution(l.stored(), l.blobSource()));
        }
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
            return content.blob(id.bytes()).map(blob -> DataSlice.of(blob, offset, length));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether an execution is stored for {@code tx} (its record exists; nothing is verified). */
    public boolean contains(TxHash tx) throws StoreException {
        try (Op op = begin()) {
            return records.contains(tx);
        }
    }

    /** Every execution (or those of {@code owner}), in transaction-hash order, read from their records only. */
    public Listing list(Optional<String> owner) throws StoreException {
        try (Op op = begin(); RocksAccess.View view = rocks.view()) {
            List<ExecutionSummary> entries = new ArrayList<>();
            List<StoreError> problems = new ArrayList<>();
            for (ExecutionRecords.Entry e : records.scan(view, problems)) {
                if (owner.isEmpty() || owner.get().equals(e.record().metadata().owner())) {
                    entries.add(e.summary());
                }
            }
            return new Listing(entries, problems);
        }
    }

    // ---- on top: prune, export and import, verify, stats ---------------------------------------

    /**
     * Removes the executions {@code policy} selects, oldest first, each with its own atomic
     * delete (a crash part-way leaves a prefix of them removed). A dry run removes nothing and
     * reports what would go and what the live bytes would then be.
     */
    public PruneResult prune(PrunePolicy policy, boolean dryRun) throws StoreException {
        try (Op op = begin()) {
            return pruner.prune(policy, dryRun);
        }
    }

    /**
     * Writes the execution of {@code tx} with its metadata and every blob it needs to
     * {@code file} (see {@link ExportFile}); the file is complete or absent (written to a
     * temporary file, synced, then renamed).
     *
     * @return the exported execution, or empty if none is stored
     */
    public Optional<StoredExecution> export(TxHash tx, Path file) throws StoreException {
        try (Op op = begin()) {
            return exporter.export(tx, file);
        }
    }

    /**
     * Stores the execution in an export file under the transaction hash it names, after checking
     * the file whole: its checksum, its snapshot (strict SnapshotCodec decoding), that it carries
     * exactly the blobs the snapshot needs, and the {@link ResumeCheck}.
     *
     * @param replace whether an execution already stored for that hash may be replaced
     */
    public StoredExecution importFrom(Path file, boolean replace) throws StoreException {
        try (Op op = begin()) {
            return exporter.importFrom(file, replace);
        }
    }

    /**
     * Re-checks the whole store at one consistent point: every execution is read back as
     * {@link #get} reads it (corrupt values are quarantined on the way), and every reference,
     * page and blob is checked against the records, so that reference counts are exactly the
     * references the stored executions make, nothing is referenced that is missing and nothing
     * stored is unreferenced; last, the live-bytes counter against the sum of all live entries.
     */
    public VerifyReport verify() throws StoreException {
        try (Op op = begin()) {
            return verifier.verify();
        }
    }

    /** Counts and sizes at one consistent point, plus RocksDB's own figures. */
    public StoreStats stats() throws StoreException {
        try (Op op = begin()) {
            return statistics.stats();
        }
    }

    // ---- lifecycle guard ----------------------------------------------------------------------

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
}
