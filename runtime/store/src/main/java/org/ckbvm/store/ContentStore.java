package org.ckbvm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.RocksAccess.View;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import static org.ckbvm.store.RocksAccess.EMPTY;
import static org.ckbvm.store.RocksAccess.KEY;
import static org.ckbvm.store.RocksAccess.REF_KEY;

/**
 * The content-addressed half of the store: pages ({@code pages}) and blobs ({@code blobs}) stored
 * once under their CKB hash, and who holds them as reference entries (content || tx), so a
 * reference count is the number of entries with that prefix: adding one is a blind write that
 * never conflicts with another writer, and content is freed in the batch that drops its last
 * reference. Every read is checked against the hash; content that fails is quarantined.
 *
 * <p>Content is guarded by striped read-write locks taken in one global order: a writer that adds
 * a reference to content that is present holds it shared (many writers of one contract proceed
 * together), a writer that adds new content or may free content holds it exclusively.
 */
// Locks are held by try-with-resources without being referenced ("try" lint), as in SnapshotStore.
@SuppressWarnings("try")
final class ContentStore {
    private static final int CONTENT_STRIPES = 4096;

    private final RocksAccess rocks;
    private final StripedLocks locks = new StripedLocks(CONTENT_STRIPES);

    ContentStore(RocksAccess rocks) {
        this.rocks = rocks;
    }

    /** Each needed blob: the store's copy if intact (then marked present), else the caller's, checked. */
    void resolveBlobs(SortedSet<ContentKey> ids, DataSource supplied, Map<ContentKey, byte[]> out,
                      SortedSet<ContentKey> present) throws StoreException {
        for (ContentKey id : ids) {
            byte[] stored = rocks.get(Family.BLOBS, null, id.hash());
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
                        + " hashes to 0x" + RocksAccess.hex(CkbHash.hash(blob))));
            }
            out.put(id, blob);
        }
    }

    /** The pages of {@code pages} already stored with exactly these bytes (they only need to stay). */
    SortedSet<ContentKey> pagesPresent(Map<ContentKey, byte[]> pages) throws StoreException {
        TreeSet<ContentKey> present = new TreeSet<>();
        for (Map.Entry<ContentKey, byte[]> e : pages.entrySet()) {
            if (Arrays.equals(rocks.get(Family.PAGES, null, e.getKey().hash()), e.getValue())) {
                present.add(e.getKey());
            }
        }
        return present;
    }

    /**
     * Takes the content locks a write needs: shared for content it only references and that is
     * present, exclusive for content it adds or may free. If content seen as present disappeared
     * before the locks were held, the plan is redone with it counted as absent.
     */
    StripedLocks.Held lockForWrite(Set<ContentKey> newPages, SortedSet<ContentKey> pagesPresent,
                                   Set<ContentKey> newBlobs, SortedSet<ContentKey> blobsPresent,
                                   SortedSet<ContentKey> oldPages, SortedSet<ContentKey> oldBlobs)
            throws StoreException {
        while (true) {
            SortedMap<Integer, Boolean> plan = StripedLocks.plan();
            newPages.forEach(k -> locks.need(plan, k.hash(), !pagesPresent.contains(k)));
            newBlobs.forEach(k -> locks.need(plan, k.hash(), !blobsPresent.contains(k)));
            oldPages.stream().filter(k -> !newPages.contains(k)).forEach(k -> locks.need(plan, k.hash(), true));
            oldBlobs.stream().filter(k -> !newBlobs.contains(k)).forEach(k -> locks.need(plan, k.hash(), true));
            StripedLocks.Held held = locks.acquire(plan);
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

    /** Exclusive locks on every page and blob named (a removal may free any of them). */
    StripedLocks.Held lockExclusive(SortedSet<ContentKey> pages, SortedSet<ContentKey> blobs) {
        SortedMap<Integer, Boolean> plan = StripedLocks.plan();
        pages.forEach(k -> locks.need(plan, k.hash(), true));
        blobs.forEach(k -> locks.need(plan, k.hash(), true));
        return locks.acquire(plan);
    }

    /** Drops from {@code present} what is gone; true if nothing was. */
    private boolean stillPresent(Family family, SortedSet<ContentKey> present) throws StoreException {
        List<ContentKey> gone = new ArrayList<>();
        for (ContentKey k : present) {
            if (rocks.size(family, k.hash()) < 0) {
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
    long add(WriteBatch batch, Family family, SortedMap<ContentKey, byte[]> content, SortedSet<ContentKey> present)
            throws StoreException, RocksDBException {
        long delta = 0;
        for (Map.Entry<ContentKey, byte[]> e : content.entrySet()) {
            if (present.contains(e.getKey())) {
                continue;
            }
            byte[] key = e.getKey().hash();
            byte[] current = rocks.get(family, null, key);
            if (current == null) {
                batch.put(rocks.handle(family), key, e.getValue());
                delta += KEY + e.getValue().length;
            } else if (!Arrays.equals(current, e.getValue())) {
                batch.put(rocks.handle(Family.QUARANTINE), StoreLayout.quarantineKey(family, key, rocks.sequence()),
                        StoreLayout.quarantineValue("content does not hash to its key; replaced by a writer", current));
                batch.put(rocks.handle(family), key, e.getValue());
                delta += e.getValue().length - current.length;
            }
        }
        return delta;
    }

    /**
     * Adds the references of {@code tx} to {@code now} that it lacks and removes those to content
     * it no longer needs, freeing content whose last reference goes. Caller holds the locks.
     */
    long moveRefs(WriteBatch batch, Family refs, TxHash tx, SortedSet<ContentKey> before, Set<ContentKey> now)
            throws StoreException, RocksDBException {
        long delta = 0;
        for (ContentKey k : now) {
            if (!before.contains(k)) {
                batch.put(rocks.handle(refs), StoreLayout.refKey(k, tx), EMPTY);
                delta += REF_KEY;
            }
        }
        for (ContentKey k : before) {
            if (!now.contains(k)) {
                delta += dropRef(batch, refs, tx, k);
            }
        }
        return delta;
    }

    /** Removes every reference of {@code tx} named, freeing content it held last. Caller holds them exclusively. */
    long releaseAll(WriteBatch batch, TxHash tx, SortedSet<ContentKey> pages, SortedSet<ContentKey> blobs)
            throws StoreException, RocksDBException {
        long delta = 0;
        for (ContentKey k : pages) {
            delta += dropRef(batch, Family.PAGE_REFS, tx, k);
        }
        for (ContentKey k : blobs) {
            delta += dropRef(batch, Family.BLOB_REFS, tx, k);
        }
        return delta;
    }

    /** Removes one reference and, if it was the last, the content. Caller holds k exclusively. */
    private long dropRef(WriteBatch batch, Family refs, TxHash tx, ContentKey k)
            throws StoreException, RocksDBException {
        Family contentFamily = contentOf(refs);
        long delta = 0;
        byte[] refKey = StoreLayout.refKey(k, tx);
        if (rocks.size(refs, refKey) >= 0) {
            batch.delete(rocks.handle(refs), refKey);
            delta -= REF_KEY;
        }
        if (!referencedByOther(refs, k, tx)) {
            int contentSize = rocks.size(contentFamily, k.hash());
            if (contentSize >= 0) {
                batch.delete(rocks.handle(contentFamily), k.hash());
                delta -= KEY + contentSize;
            }
        }
        return delta;
    }

    static Family contentOf(Family refs) {
        return refs == Family.PAGE_REFS ? Family.PAGES : Family.BLOBS;
    }

    /** Whether any execution other than {@code tx} references {@code k} (latest state). */
    private boolean referencedByOther(Family refs, ContentKey k, TxHash tx) {
        try (RocksIterator it = rocks.iterator(refs, null)) {
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

    /** The content {@code tx} references in {@code refs}, found by scanning (for a record that cannot be read). */
    SortedSet<ContentKey> refsOf(Family refs, TxHash tx) {
        TreeSet<ContentKey> found = new TreeSet<>();
        try (RocksIterator it = rocks.iterator(refs, null)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length == REF_KEY && Arrays.equals(key, KEY, REF_KEY, tx.bytes(), 0, KEY)) {
                    found.add(StoreLayout.refContent(key));
                }
            }
        }
        return found;
    }

    /**
     * Quarantines a page or blob that failed its hash, if it still holds the bytes that failed.
     * References to it stay: the executions holding them report it missing until a writer
     * supplies the content again (a put or import of any execution that has it heals them).
     */
    void quarantineIfUnchanged(Family family, byte[] key, byte[] seen, String reason) throws StoreException {
        try (StripedLocks.Held held = locks.exclusive(key); WriteBatch batch = new WriteBatch()) {
            byte[] now = rocks.get(family, null, key);
            if (now == null || !Arrays.equals(now, seen)) {
                return;
            }
            batch.delete(rocks.handle(family), key);
            batch.put(rocks.handle(Family.QUARANTINE), StoreLayout.quarantineKey(family, key, rocks.sequence()),
                    StoreLayout.quarantineValue(reason, now));
            rocks.commit(batch, -(KEY + now.length), "quarantining " + family.cfName + " 0x" + RocksAccess.hex(key));
        } catch (RocksDBException e) {
            throw RocksAccess.io("quarantining", e);
        }
    }

    /** Reads and hash-checks content at the view; corrupt content is quarantined. */
    Map<ContentKey, byte[]> read(View view, TxHash tx, Family family, SortedSet<ContentKey> keys)
            throws StoreException {
        List<ContentKey> list = new ArrayList<>(keys);
        List<byte[]> rawKeys = new ArrayList<>(list.size());
        List<ColumnFamilyHandle> cfs = new ArrayList<>(list.size());
        for (ContentKey k : list) {
            rawKeys.add(k.hash());
            cfs.add(rocks.handle(family));
        }
        List<byte[]> values;
        try {
            values = list.isEmpty() ? List.of() : rocks.db.multiGetAsList(view.options, cfs, rawKeys);
        } catch (RocksDBException e) {
            throw RocksAccess.io("reading " + family.cfName, e);
        }
        Map<ContentKey, byte[]> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ContentKey k = list.get(i);
            byte[] v = values.get(i);
            if (v == null) {
                // multiGetAsList gives null for a key it could not read too: a single get tells
                // damage (it throws, naming RocksDB's finding) from absence
                v = rocks.get(family, view, k.hash());
                if (v == null) {
                    throw new StoreException(new StoreError.MissingContent(tx, family.cfName, k.hex()));
                }
            }
            String problem = problem(family, k, v);
            if (problem != null) {
                quarantineIfUnchanged(family, k.hash(), v, problem);
                throw new StoreException(new StoreError.Corrupt(family.cfName, k.hex(), problem));
            }
            out.put(k, v);
        }
        return out;
    }

    /** The blob {@code id} (latest state), checked against its id; a corrupt one is quarantined and absent. */
    Optional<byte[]> blob(byte[] id) throws StoreException {
        byte[] blob = rocks.get(Family.BLOBS, null, id);
        if (blob == null) {
            return Optional.empty();
        }
        String problem = problem(Family.BLOBS, new ContentKey(id), blob);
        if (problem != null) {
            quarantineIfUnchanged(Family.BLOBS, id, blob, problem);
            return Optional.empty();
        }
        return Optional.of(blob);
    }

    /** Why a page or blob value is not the content its key names, or null. */
    static String problem(Family family, ContentKey key, byte[] value) {
        if (family == Family.PAGES && value.length != Memory.PAGE_SIZE) {
            return "a page of " + value.length + " bytes";
        }
        byte[] actual = CkbHash.hash(value);
        return Arrays.equals(actual, key.hash()) ? null : "content hashes to 0x" + RocksAccess.hex(actual);
    }
}
