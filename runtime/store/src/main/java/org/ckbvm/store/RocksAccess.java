package org.ckbvm.store;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open database as the store's parts use it: typed reads of one family, consistent views,
 * and the one commit path every change goes through (a synced {@link WriteBatch} with its
 * live-bytes delta merged in, reserved first against the store-size limit).
 */
final class RocksAccess {
    static final byte[] EMPTY = new byte[0];
    /** Length of a content or transaction key. */
    static final int KEY = 32;
    /** Length of a reference key: content || tx. */
    static final int REF_KEY = 64;

    final RocksDB db;
    private final EnumMap<Family, ColumnFamilyHandle> families;
    private final WriteOptions syncWrites;
    /** Read options for reads of the latest state (no snapshot); read-only after creation, so shared. */
    private final ReadOptions latestReads;
    private final StoreLimits limits;
    /** Mirrors the persisted live-bytes counter; updated with the same deltas after each commit. */
    private final AtomicLong liveBytes;

    RocksAccess(RocksStore rocks, StoreLimits limits) {
        this.db = rocks.db;
        this.families = rocks.families;
        this.syncWrites = rocks.syncWrites;
        this.latestReads = rocks.latestReads;
        this.limits = limits;
        this.liveBytes = new AtomicLong(rocks.liveBytesAtOpen);
    }

    long liveBytes() {
        return liveBytes.get();
    }

    ColumnFamilyHandle handle(Family f) {
        return families.get(f);
    }

    /** The value at {@code key}, at {@code view} (null: the latest state), or null. */
    byte[] get(Family f, View view, byte[] key) throws StoreException {
        try {
            return view == null ? db.get(handle(f), key) : db.get(handle(f), view.options, key);
        } catch (RocksDBException e) {
            throw io("reading " + f.cfName + " 0x" + hex(key), e);
        }
    }

    /** The size of a value without copying it out, or -1 if absent. */
    int size(Family f, byte[] key) throws StoreException {
        try {
            int n = db.get(handle(f), latestReads, key, EMPTY);
            return n == RocksDB.NOT_FOUND ? -1 : n;
        } catch (RocksDBException e) {
            throw io("reading " + f.cfName + " 0x" + hex(key), e);
        }
    }

    RocksIterator iterator(Family f, View view) {
        return view == null ? db.newIterator(handle(f)) : db.newIterator(handle(f), view.options);
    }

    long count(View view, Family f) throws StoreException {
        long n = 0;
        try (RocksIterator it = iterator(f, view)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
            checkIterator(it, "counting " + f.cfName);
        }
        return n;
    }

    /** The sequence number that makes a quarantine key unique. */
    long sequence() {
        return db.getLatestSequenceNumber();
    }

    /**
     * Writes the batch with a synced WAL, with the live-bytes delta merged into it. A delta that
     * grows the store is reserved first against the store-size limit.
     */
    void commit(WriteBatch batch, long delta, String what) throws StoreException {
        if (delta > 0) {
            long max = limits.maxStoreBytes();
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
            throw io(what, e);
        } finally {
            if (delta > 0 && !done) {
                liveBytes.addAndGet(-delta);
            }
        }
        if (delta <= 0) {
            liveBytes.addAndGet(delta);
        }
    }

    /** Adds {@code difference} to the persisted counter alone (verify's correction of a drift). */
    void correctCounter(long difference) throws StoreException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.merge(handle(Family.META), StoreLayout.META_LIVE_BYTES, StoreLayout.le64(difference));
            db.write(syncWrites, batch);
            liveBytes.addAndGet(difference);
        } catch (RocksDBException e) {
            throw io("correcting the live-bytes counter", e);
        }
    }

    View view() {
        return new View();
    }

    static void checkIterator(RocksIterator it, String what) throws StoreException {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw io(what, e);
        }
    }

    static StoreException io(String what, RocksDBException e) {
        return new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
    }

    static String hex(byte[] key) {
        return java.util.HexFormat.of().formatHex(key);
    }

    /** A consistent point-in-time view (a RocksDB snapshot) and the read options bound to it. */
    final class View implements AutoCloseable {
        private final org.rocksdb.Snapshot snapshot = db.getSnapshot();
        final ReadOptions options = new ReadOptions().setSnapshot(snapshot);

        @Override
        public void close() {
            options.close();
            db.releaseSnapshot(snapshot);
        }
    }
}
