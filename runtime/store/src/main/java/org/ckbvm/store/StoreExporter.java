package org.ckbvm.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;

/**
 * Export and import on top of the store: one execution with its metadata and every blob it needs
 * in one self-contained {@link ExportFile}, written whole or not at all ({@link DurableFiles}), and
 * read back only after the whole file checked out.
 */
final class StoreExporter {
    private final RocksAccess rocks;
    private final ExecutionReader reader;
    private final SnapshotStore store;

    StoreExporter(RocksAccess rocks, ExecutionReader reader, SnapshotStore store) {
        this.rocks = rocks;
        this.reader = reader;
        this.store = store;
    }

    /** See {@link SnapshotStore#export}. */
    Optional<StoredExecution> export(TxHash tx, Path file) throws StoreException {
        Optional<ExecutionReader.Loaded> read;
        try (RocksAccess.View view = rocks.view()) {
            read = reader.read(view, tx, true);
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

    /** See {@link SnapshotStore#importFrom}. */
    StoredExecution importFrom(Path file, boolean replace) throws StoreException {
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 64) {
                throw new StoreException(new StoreError.BadExportFile("larger than 2 GiB"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException(new StoreError.Io("reading " + file, String.valueOf(e.getMessage())), e);
        }
        ExportFile.Contents contents;
        Snapshot snapshot;
        try {
            contents = ExportFile.decode(bytes);
            snapshot = SnapshotCodec.decode(contents.snapshot());
        } catch (StoreFormatException e) {
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
        return store.write(contents.tx(), snapshot, contents.metadata(),
                ExecutionReader.mapSource(contents.blobs()), replace, null);
    }
}
