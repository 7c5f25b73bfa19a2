package org.ckbvm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.RocksAccess.View;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import static org.ckbvm.store.RocksAccess.EMPTY;
import static org.ckbvm.store.RocksAccess.KEY;

/**
 * The execution records by transaction hash ({@code executions}), the executed markers, and the
 * per-hash locks that serialize writers of one hash: a second put, delete or import of the same
 * hash waits for the first and then sees its result; writers of different hashes run in parallel.
 * A record that fails its checks is moved to quarantine and its references are released.
 */
// Locks are held by try-with-resources without being referenced ("try" lint), as in SnapshotStore.
@SuppressWarnings("try")
final class ExecutionRecords {
    private static final int TX_STRIPES = 256;

    private final RocksAccess rocks;
    private final ContentStore content;
    private final StripedLocks locks = new StripedLocks(TX_STRIPES);

    ExecutionRecords(RocksAccess rocks, ContentStore content) {
        this.rocks = rocks;
        this.content = content;
    }

    /** A record as scanned, with its stored size. */
    record Entry(TxHash tx, ExecutionRecord record, int valueLength) {
        ExecutionSummary summary() {
            return new ExecutionSummary(tx, record.metadata(), record.kind(), record.snapshotLength(),
                    record.dirtyPageCount(), record.sourcePageCount(), record.state().cycles(),
                    record.state().maxCycles(), record.stateRoot());
        }
    }

    /** The exclusive lock of one transaction hash, held by every writer of it. */
    StripedLocks.Held lock(TxHash tx) {
        return locks.exclusive(tx.bytes());
    }

    /** The stored record value of {@code tx} at the view (null: latest), or null. */
    byte[] value(View view, TxHash tx) throws StoreException {
        return rocks.get(Family.EXECUTIONS, view, tx.bytes());
    }

    boolean contains(TxHash tx) throws StoreException {
        return rocks.size(Family.EXECUTIONS, tx.bytes()) >= 0;
    }

    boolean executed(TxHash tx) throws StoreException {
        return rocks.get(Family.EXECUTED, null, tx.bytes()) != null;
    }

    /**
     * Adds the executed marker to a batch. Markers are not counted in live bytes (the size limit
     * guards suspended state; replay protection must never be pruned), so this adds 0 to the delta.
     */
    long markExecuted(WriteBatch batch, TxHash executedBy) throws RocksDBException {
        if (executedBy != null) {
            batch.put(rocks.handle(Family.EXECUTED), executedBy.bytes(), EMPTY);
        }
        return 0;
    }

    /** Records {@code executedBy} alone, in its own synced batch. */
    void recordExecuted(TxHash executedBy) throws StoreException {
        try (WriteBatch batch = new WriteBatch()) {
            rocks.commit(batch, markExecuted(batch, executedBy), "recording " + executedBy);
        } catch (RocksDBException e) {
            throw RocksAccess.io("recording " + executedBy, e);
        }
    }

    /** Removes a record and its references (and content only it held); quarantines the record if a reason is given. */
    void removeLocked(TxHash tx, byte[] recordValue, SortedSet<ContentKey> pageRefs, SortedSet<ContentKey> blobRefs,
                      String quarantineReason, TxHash executedBy) throws StoreException {
        try (StripedLocks.Held held = content.lockExclusive(pageRefs, blobRefs); WriteBatch batch = new WriteBatch()) {
            long delta = -(KEY + recordValue.length);
            batch.delete(rocks.handle(Family.EXECUTIONS), tx.bytes());
            if (quarantineReason != null) {
                batch.put(rocks.handle(Family.QUARANTINE),
                        StoreLayout.quarantineKey(Family.EXECUTIONS, tx.bytes(), rocks.sequence()),
                        StoreLayout.quarantineValue(quarantineReason, recordValue));
            }
            delta += content.releaseAll(batch, tx, pageRefs, blobRefs);
            delta += markExecuted(batch, executedBy);
            rocks.commit(batch, delta, (quarantineReason == null ? "deleting " : "quarantining ") + tx);
        } catch (RocksDBException e) {
            throw RocksAccess.io("deleting " + tx, e);
        }
    }

    /**
     * Moves an unreadable record to quarantine. Its references cannot be read from it, so they
     * are found by scanning the reference families for the hash; they are released so that
     * nothing leaks. Caller holds the tx lock.
     */
    void quarantineLocked(TxHash tx, byte[] value, String reason) throws StoreException {
        removeLocked(tx, value, content.refsOf(Family.PAGE_REFS, tx), content.refsOf(Family.BLOB_REFS, tx), reason, null);
    }

    /** Quarantines a record read without locks, if it still holds the bytes that failed. */
    void quarantineIfUnchanged(TxHash tx, byte[] seen, String reason) throws StoreException {
        try (StripedLocks.Held txLock = lock(tx)) {
            byte[] now = value(null, tx);
            if (now != null && Arrays.equals(now, seen)) {
                quarantineLocked(tx, now, reason);
            }
        }
    }

    /** Quarantines a record read without locks and returns the error to report. */
    StoreException corrupt(TxHash tx, byte[] value, String reason) throws StoreException {
        quarantineIfUnchanged(tx, value, reason);
        return new StoreException(new StoreError.Corrupt(Family.EXECUTIONS.cfName, tx.toHex(), reason));
    }

    /** The record in {@code value}, or the corruption reported (and the record quarantined). */
    ExecutionRecord decode(TxHash tx, byte[] value) throws StoreException {
        try {
            return ExecutionRecord.decode(value);
        } catch (StoreFormatException e) {
            throw corrupt(tx, value, e.getMessage());
        }
    }

    List<Entry> scan(View view, List<StoreError> problems) throws StoreException {
        return scan(view, problems, new TreeMap<>());
    }

    /** Every readable record at the view; {@code corruptSizes} receives each unreadable record's hash and stored size. */
    List<Entry> scan(View view, List<StoreError> problems, Map<TxHash, Integer> corruptSizes) throws StoreException {
        List<Entry> entries = new ArrayList<>();
        List<TxHash> corrupt = new ArrayList<>();
        List<byte[]> corruptValues = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (RocksIterator it = rocks.iterator(Family.EXECUTIONS, view)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                if (key.length != TxHash.LENGTH) {
                    problems.add(new StoreError.Corrupt(Family.EXECUTIONS.cfName, RocksAccess.hex(key),
                            "key of " + key.length + " bytes"));
                    continue;
                }
                TxHash tx = TxHash.of(key);
                try {
                    entries.add(new Entry(tx, ExecutionRecord.decode(value), value.length));
                } catch (StoreFormatException e) {
                    corrupt.add(tx);
                    corruptSizes.put(tx, value.length);
                    corruptValues.add(value);
                    reasons.add(e.getMessage());
                }
            }
            RocksAccess.checkIterator(it, "listing executions");
        }
        for (int i = 0; i < corrupt.size(); i++) {
            quarantineIfUnchanged(corrupt.get(i), corruptValues.get(i), reasons.get(i));
            problems.add(new StoreError.Corrupt(Family.EXECUTIONS.cfName, corrupt.get(i).toHex(), reasons.get(i)));
        }
        return entries;
    }
}
