package org.ckbvm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ExecutionRecords.Entry;
import org.ckbvm.store.RocksAccess.View;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import static org.ckbvm.store.RocksAccess.KEY;
import static org.ckbvm.store.RocksAccess.REF_KEY;

/**
 * Verify on top of the store: every execution read back as a get reads it, then the invariant of
 * STORE_FORMAT.md (the references are exactly the pairs the records name, nothing referenced is
 * missing, nothing stored is unreferenced, the live-bytes counter is the sum of the live entries).
 */
final class StoreVerifier {
    private final RocksAccess rocks;
    private final ExecutionRecords records;
    private final ContentStore content;
    private final ExecutionReader reader;

    StoreVerifier(RocksAccess rocks, ExecutionRecords records, ContentStore content, ExecutionReader reader) {
        this.rocks = rocks;
        this.records = records;
        this.content = content;
        this.reader = reader;
    }

    /**
     * See {@link SnapshotStore#verify}. Storage-level damage (a RocksDB file whose checksum fails,
     * an unreadable block) is reported, never thrown: each execution whose data cannot be read
     * fails with the reason, each column family that cannot be scanned is a store-wide problem,
     * and RocksDB's own checksums of every file are checked last.
     */
    VerifyReport verify() throws StoreException {
        try (View view = rocks.view()) {
            List<VerifyReport.EntryResult> results = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<StoreError> scanProblems = new ArrayList<>();
            Map<TxHash, Integer> corrupt = new TreeMap<>();
            boolean complete = true;
            List<Entry> entries;
            Set<TxHash> unlisted = new TreeSet<>();
            try {
                entries = records.scan(view, scanProblems, corrupt);
            } catch (StoreException e) {
                // the records cannot all be listed: find the executions through their references,
                // so each one still gets its own verdict (those whose record is unreadable fail)
                complete = false;
                entries = List.of();
                problems.add("cannot list the executions: " + e.getMessage());
                unlisted.addAll(referencingTxs(view, Family.PAGE_REFS, problems));
                unlisted.addAll(referencingTxs(view, Family.BLOB_REFS, problems));
            }
            scanProblems.forEach(p -> problems.add(p.message()));
            Map<TxHash, Entry> byTx = new TreeMap<>();
            // A record found corrupt was live at this view (it is quarantined after it): its bytes
            // count, and its references are its own problem, already reported.
            long counted = 0;
            for (int size : corrupt.values()) {
                counted += KEY + size;
            }
            for (Entry e : entries) {
                byTx.put(e.tx(), e);
                counted += KEY + e.valueLength();
                String failure;
                try {
                    reader.read(view, e.tx(), true);
                    failure = missingRefs(view, e);
                } catch (StoreException ex) {
                    failure = ex.getMessage();
                }
                results.add(new VerifyReport.EntryResult(e.tx(), Optional.ofNullable(failure)));
            }
            for (TxHash tx : unlisted) {
                String failure;
                try {
                    failure = reader.read(view, tx, true).isPresent() ? null : "its record is missing";
                } catch (StoreException ex) {
                    failure = ex.getMessage();
                }
                results.add(new VerifyReport.EntryResult(tx, Optional.ofNullable(failure)));
            }
            if (complete) {
                try {
                    counted += checkRefs(view, Family.PAGE_REFS, byTx, corrupt.keySet(), problems);
                    counted += checkRefs(view, Family.BLOB_REFS, byTx, corrupt.keySet(), problems);
                    counted += checkContent(view, Family.PAGES, Family.PAGE_REFS, problems);
                    counted += checkContent(view, Family.BLOBS, Family.BLOB_REFS, problems);
                } catch (StoreException e) {
                    complete = false;
                    problems.add(e.getMessage());
                }
            }
            if (complete) {
                checkCounter(view, counted, problems);
            }
            try {
                rocks.db.verifyChecksum();
            } catch (RocksDBException e) {
                problems.add("RocksDB file checksums: " + e.getMessage());
            }
            long quarantined;
            try {
                quarantined = rocks.count(view, Family.QUARANTINE);
            } catch (StoreException e) {
                problems.add(e.getMessage());
                quarantined = -1;
            }
            return new VerifyReport(results, problems, quarantined);
        }
    }

    /**
     * The live-bytes counter against the bytes counted; checked only after complete scans (a
     * partial count would "correct" a right counter).
     */
    private void checkCounter(View view, long counted, List<String> problems) throws StoreException {
        byte[] counter;
        try {
            counter = rocks.get(Family.META, view, StoreLayout.META_LIVE_BYTES);
        } catch (StoreException e) {
            problems.add(e.getMessage());
            return;
        }
        long recorded;
        try {
            recorded = counter == null ? 0 : StoreLayout.fromLe64(counter);
        } catch (StoreFormatException e) {
            recorded = -1;
        }
        if (recorded != counted) {
            // The counter can only drift if a value changed length behind the store's back (a
            // truncated record): correct it by the difference seen at this view, which stays
            // right even while other writers merge their own deltas.
            problems.add("live-bytes counter was " + recorded + " but the live entries hold " + counted
                    + " bytes (corrected)");
            rocks.correctCounter(counted - recorded);
        }
    }

    /** The executions a reference family names, as far as it can be read (a failure is a problem). */
    private Set<TxHash> referencingTxs(View view, Family refs, List<String> problems) {
        Set<TxHash> txs = new TreeSet<>();
        try (RocksIterator it = rocks.iterator(refs, view)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length == REF_KEY) {
                    txs.add(StoreLayout.refTx(key));
                }
            }
            RocksAccess.checkIterator(it, "reading " + refs.cfName);
        } catch (StoreException e) {
            problems.add(e.getMessage());
        }
        return txs;
    }

    /** Which references of an execution are missing, or null. */
    private String missingRefs(View view, Entry e) throws StoreException {
        for (ContentKey k : e.record().pageRefs()) {
            if (rocks.get(Family.PAGE_REFS, view, StoreLayout.refKey(k, e.tx())) == null) {
                return "reference to page " + k + " is missing";
            }
        }
        for (ContentKey k : e.record().blobRefs()) {
            if (rocks.get(Family.BLOB_REFS, view, StoreLayout.refKey(k, e.tx())) == null) {
                return "reference to blob " + k + " is missing";
            }
        }
        return null;
    }

    /** Every reference must name a stored execution that references that content. Returns the bytes counted. */
    private long checkRefs(View view, Family refs, Map<TxHash, Entry> byTx, Set<TxHash> corrupt,
                           List<String> problems) throws StoreException {
        boolean pages = refs == Family.PAGE_REFS;
        long bytes = 0;
        try (RocksIterator it = rocks.iterator(refs, view)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                bytes += key.length + it.value().length;
                if (key.length != REF_KEY || it.value().length != 0) {
                    problems.add(refs.cfName + " entry 0x" + RocksAccess.hex(key) + " is malformed");
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
                } else if (!(pages ? e.record().pageRefs() : e.record().blobRefs()).contains(k)) {
                    problems.add(refs.cfName + " entry " + k + " -> " + tx + " is not referenced by that execution");
                }
            }
            RocksAccess.checkIterator(it, "verifying " + refs.cfName);
        }
        return bytes;
    }

    /** Every page or blob must hash to its key and be referenced at least once. Returns the bytes counted. */
    private long checkContent(View view, Family family, Family refs, List<String> problems) throws StoreException {
        long bytes = 0;
        List<byte[]> corruptKeys = new ArrayList<>();
        List<byte[]> corruptValues = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (RocksIterator it = rocks.iterator(family, view); RocksIterator refIt = rocks.iterator(refs, view)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                bytes += key.length + value.length;
                if (key.length != KEY) {
                    problems.add(family.cfName + " entry 0x" + RocksAccess.hex(key) + " has a malformed key");
                    continue;
                }
                ContentKey k = new ContentKey(key);
                String problem = ContentStore.problem(family, k, value);
                if (problem != null) {
                    corruptKeys.add(key);
                    corruptValues.add(value);
                    reasons.add(problem);
                    problems.add(new StoreError.Corrupt(family.cfName, k.hex(), problem).message());
                }
                refIt.seek(key);
                if (!refIt.isValid() || !Arrays.equals(refIt.key(), 0, KEY, key, 0, KEY)) {
                    problems.add(family.cfName + " entry " + k + " is referenced by no execution");
                }
            }
            RocksAccess.checkIterator(it, "verifying " + family.cfName);
        }
        for (int i = 0; i < corruptKeys.size(); i++) {
            content.quarantineIfUnchanged(family, corruptKeys.get(i), corruptValues.get(i), reasons.get(i));
        }
        return bytes;
    }
}
