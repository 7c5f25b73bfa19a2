package org.ckbvm.store;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.store.RocksAccess.View;
import org.ckbvm.store.StoreLayout.Family;

/**
 * The verified read of one execution at a consistent view: the record (its checks), every page
 * and blob against its hash, the reassembled snapshot's SnapshotCodec bytes against the recorded
 * length and digest, and then, if asked, the {@link ResumeCheck}. A value that fails is quarantined.
 */
final class ExecutionReader {
    private final ExecutionRecords records;
    private final ContentStore content;
    private final ResumeCheck resumeCheck;

    ExecutionReader(ExecutionRecords records, ContentStore content, ResumeCheck resumeCheck) {
        this.records = records;
        this.content = content;
        this.resumeCheck = resumeCheck;
    }

    /** What a verified read produced: the execution and the blobs it needs (each checked). */
    record Loaded(StoredExecution stored, Map<ContentKey, byte[]> blobs) {
        DataSource blobSource() {
            return mapSource(blobs);
        }
    }

    /**
     * @param checkResume whether the snapshot must also pass the resume check (a caller about to
     *                    resume it itself passes false: its resume is the check)
     */
    Optional<Loaded> read(View view, TxHash tx, boolean checkResume) throws StoreException {
        byte[] value = records.value(view, tx);
        if (value == null) {
            return Optional.empty();
        }
        ExecutionRecord record = records.decode(tx, value);
        Map<ContentKey, byte[]> pages = content.read(view, tx, Family.PAGES, record.pageRefs());
        Snapshot snapshot;
        try {
            snapshot = record.assemble(pages::get);
        } catch (StoreFormatException e) {
            throw records.corrupt(tx, value, e.getMessage());
        }
        Map<ContentKey, byte[]> blobs = content.read(view, tx, Family.BLOBS, record.blobRefs());
        if (checkResume) {
            Optional<String> failure = resumeCheck.failure(snapshot, mapSource(blobs));
            if (failure.isPresent()) {
                // Every byte was proven intact above, so this is not storage corruption: the
                // snapshot does not resume on this build. It stays where it is.
                throw new StoreException(new StoreError.NotResumable(tx, failure.get()));
            }
        }
        StoredExecution stored = new StoredExecution(tx, record.metadata(), snapshot, record.snapshotLength(),
                record.snapshotDigest());
        return Optional.of(new Loaded(stored, blobs));
    }

    /** A data source over blobs already checked against their ids. */
    static DataSource mapSource(Map<ContentKey, byte[]> blobs) {
        TreeMap<SourceId, byte[]> byId = new TreeMap<>();
        blobs.forEach((k, v) -> byId.put(SourceId.of(k.hash()), v));
        return (id, offset, length) -> Optional.ofNullable(byId.get(id)).map(b -> DataSlice.of(b, offset, length));
    }
}
