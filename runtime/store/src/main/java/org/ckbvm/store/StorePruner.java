package org.ckbvm.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ExecutionRecords.Entry;
import org.ckbvm.store.StoreLayout.Family;

import static org.ckbvm.store.RocksAccess.KEY;
import static org.ckbvm.store.RocksAccess.REF_KEY;

/**
 * Prune on top of the store: picks executions by a {@link PrunePolicy}, oldest first, and removes
 * each with the store's own atomic delete (a crash part-way leaves a prefix of them removed).
 */
final class StorePruner {
    /** Age order: oldest first by (created seconds, created block with none first, tx). */
    private static final Comparator<Entry> OLDEST_FIRST = Comparator
            .<Entry, Long>comparing(e -> e.record().metadata().createdAtSeconds(), Long::compareUnsigned)
            .thenComparing(e -> e.record().metadata().createdAtBlock().isPresent())
            .thenComparing(e -> e.record().metadata().createdAtBlock().orElse(0), Long::compareUnsigned)
            .thenComparing(Entry::tx);

    private final RocksAccess rocks;
    private final ExecutionRecords records;
    private final SnapshotStore store;

    StorePruner(RocksAccess rocks, ExecutionRecords records, SnapshotStore store) {
        this.rocks = rocks;
        this.records = records;
        this.store = store;
    }

    /** See {@link SnapshotStore#prune}. */
    PruneResult prune(PrunePolicy policy, boolean dryRun) throws StoreException {
        List<Entry> entries;
        try (RocksAccess.View view = rocks.view()) {
            entries = records.scan(view, new ArrayList<>());
        }
        entries.sort(OLDEST_FIRST);
        long before = rocks.liveBytes();
        List<Entry> victims = new ArrayList<>();
        if (policy instanceof PrunePolicy.CreatedBefore p) {
            entries.stream().filter(e -> Long.compareUnsigned(e.record().metadata().createdAtSeconds(), p.cutoffSeconds()) < 0)
                    .forEach(victims::add);
        } else if (policy instanceof PrunePolicy.CreatedBeforeBlock p) {
            entries.stream().filter(e -> e.record().metadata().createdAtBlock().isPresent()
                    && Long.compareUnsigned(e.record().metadata().createdAtBlock().getAsLong(), p.cutoffBlock()) < 0)
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
            if (store.delete(e.tx())) {
                removed.add(e.tx());
            }
        }
        return new PruneResult(removed, before, rocks.liveBytes(), false);
    }

    /** Replays deletions on reference counts taken from the records, to tell what they would free. */
    private final class Simulation {
        private final Map<ContentKey, Integer> pageRefs = new HashMap<>();
        private final Map<ContentKey, Integer> blobRefs = new HashMap<>();
        long freed;

        Simulation(List<Entry> entries) {
            for (Entry e : entries) {
                e.record().pageRefs().forEach(k -> pageRefs.merge(k, 1, Integer::sum));
                e.record().blobRefs().forEach(k -> blobRefs.merge(k, 1, Integer::sum));
            }
        }

        void remove(Entry e) throws StoreException {
            freed += KEY + e.valueLength();
            freed += release(pageRefs, e.record().pageRefs(), Family.PAGES);
            freed += release(blobRefs, e.record().blobRefs(), Family.BLOBS);
        }

        private long release(Map<ContentKey, Integer> counts, SortedSet<ContentKey> refs, Family family)
                throws StoreException {
            long bytes = 0;
            for (ContentKey k : refs) {
                bytes += REF_KEY;
                if (counts.merge(k, -1, Integer::sum) == 0) {
                    int size = rocks.size(family, k.hash());
                    bytes += size < 0 ? 0 : KEY + size;
                }
            }
            return bytes;
        }
    }
}
