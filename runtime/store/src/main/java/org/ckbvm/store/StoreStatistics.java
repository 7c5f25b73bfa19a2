package org.ckbvm.store;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ckbvm.store.ExecutionRecords.Entry;
import org.ckbvm.store.RocksAccess.View;
import org.ckbvm.store.StoreLayout.Family;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Counts and sizes of the store at one consistent point, plus RocksDB's own figures. */
final class StoreStatistics {
    private final Path dir;
    private final RocksAccess rocks;
    private final ExecutionRecords records;

    StoreStatistics(Path dir, RocksAccess rocks, ExecutionRecords records) {
        this.dir = dir;
        this.rocks = rocks;
        this.records = records;
    }

    /** See {@link SnapshotStore#stats}. */
    StoreStats stats() throws StoreException {
        try (View view = rocks.view()) {
            Map<ContentKey, Integer> blobSizes = new HashMap<>();
            long blobBytes = 0;
            try (RocksIterator it = rocks.iterator(Family.BLOBS, view)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    int size = it.value().length;
                    blobSizes.put(new ContentKey(it.key()), size);
                    blobBytes += size;
                }
                RocksAccess.checkIterator(it, "reading blobs");
            }
            long executions = 0;
            long snapshotBytes = 0;
            long pageReferences = 0;
            long blobReferences = 0;
            long logical = 0;
            for (Entry e : records.scan(view, new ArrayList<>())) {
                executions++;
                snapshotBytes += e.record().snapshotLength();
                pageReferences += e.record().dirtyPageCount();
                logical += e.record().snapshotLength();
                for (ContentKey k : e.record().blobRefs()) {
                    blobReferences++;
                    logical += blobSizes.getOrDefault(k, 0);
                }
            }
            long pages = rocks.count(view, Family.PAGES);
            long quarantined = 0;
            long quarantineBytes = 0;
            try (RocksIterator it = rocks.iterator(Family.QUARANTINE, view)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    quarantined++;
                    quarantineBytes += it.key().length + it.value().length;
                }
                RocksAccess.checkIterator(it, "reading quarantine");
            }
            byte[] counter = rocks.get(Family.META, view, StoreLayout.META_LIVE_BYTES);
            long live;
            try {
                live = counter == null ? 0 : StoreLayout.fromLe64(counter);
            } catch (StoreFormatException e) {
                live = rocks.liveBytes();
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
                    figures.put(f.cfName + "." + p, rocks.db.getLongProperty(rocks.handle(f), "rocksdb." + p));
                }
            }
            for (String p : List.of("total-sst-files-size", "live-sst-files-size", "cur-size-all-mem-tables",
                    "estimate-live-data-size")) {
                figures.put("all." + p, rocks.db.getAggregatedLongProperty("rocksdb." + p));
            }
            figures.put("block-cache-capacity", rocks.db.getLongProperty("rocksdb.block-cache-capacity"));
            figures.put("block-cache-usage", rocks.db.getLongProperty("rocksdb.block-cache-usage"));
            figures.put("block-cache-pinned-usage", rocks.db.getLongProperty("rocksdb.block-cache-pinned-usage"));
        } catch (RocksDBException e) {
            throw RocksAccess.io("reading RocksDB properties", e);
        }
        return figures;
    }

    /**
     * The folder's size on disk. RocksDB deletes obsolete files at any moment (compaction), so a
     * file listed but gone by the time it is measured counts 0 rather than failing the call.
     */
    private long diskBytes() throws StoreException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                try {
                    if (Files.isRegularFile(p)) {
                        total += Files.size(p);
                    }
                } catch (IOException e) {
                    // removed by compaction while listing
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new StoreException(new StoreError.Io("measuring " + dir, String.valueOf(e.getMessage())), e);
        }
        return total;
    }
}
