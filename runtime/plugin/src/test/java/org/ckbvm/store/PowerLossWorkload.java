package org.ckbvm.store;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;

import org.ckbvm.crash.Markers;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.suspension.ResumedExecution;
import org.ckbvm.suspension.StoreResumer;

/**
 * The store workload of {@link StorePowerLossTest}, run in a child JVM under the recording
 * library: suspensions, resumes that replace an entry (or remove it when the execution
 * finishes), deletes, prunes, export-then-import, and reopenings (each reopening replays the WAL
 * into a table file, a new MANIFEST and CURRENT), on {@link #SLOTS} transaction hashes.
 *
 * <p>Markers (one line each, see {@link Markers}), written before the call and {@code A} after it
 * returns: {@code B open}, {@code B reopen}, {@code B put <slot> <snapshot digest> <rounds>},
 * {@code B del <slot>}, {@code B prune <slot,slot,...|->} (the slots a dry run named, in the
 * order prune removes them), {@code B export <slot> <n> <snapshot digest>} (to
 * {@code exports/export-<n>.bin} beside the store, recorded too).
 *
 * <p>args: root, marker file, seed, operations.
 */
public final class PowerLossWorkload {
    static final int SLOTS = 6;
    private static final HexFormat HEX = HexFormat.of();

    private final StoreFixtures fx = new StoreFixtures();
    private final Path root;
    private final Markers markers;
    private final Random random;
    private SnapshotStore store;
    private long clock;

    private PowerLossWorkload(Path root, Markers markers, long seed) {
        this.root = root;
        this.markers = markers;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        try (Markers markers = new Markers(Paths.get(args[1]))) {
            new PowerLossWorkload(Paths.get(args[0]), markers, Long.parseLong(args[2])).run(Integer.parseInt(args[3]));
        }
        System.exit(0);
    }

    static TxHash tx(int slot) {
        return StoreFixtures.tx(900 + slot);
    }

    static String digest(Snapshot snapshot) {
        return HEX.formatHex(CkbHash.hash(SnapshotCodec.encode(snapshot)));
    }

    private void run(int operations) throws Exception {
        DurableFiles.createFolders(exports());
        markers.mark("B open");
        store = open();
        markers.mark("A");
        for (int i = 0; i < operations; i++) {
            int slot = random.nextInt(SLOTS);
            int kind = random.nextInt(100);
            if (kind < 30) {
                suspendFresh(slot);
            } else if (kind < 55) {
                resumeAndReplace(slot);
            } else if (kind < 70) {
                delete(slot);
            } else if (kind < 78) {
                prune();
            } else if (kind < 90) {
                exportAndImport(slot, i);
            } else {
                markers.mark("B reopen");
                store.close();
                store = open();
                markers.mark("A");
            }
        }
        store.close();
    }

    private SnapshotStore open() throws StoreException {
        return StoreResumer.open(root, StoreConfig.defaults().withBlockCacheBytes(8 << 20));
    }

    /** load_blob with argv [rounds] suspended at a random cycle count before it finishes. */
    private void suspendFresh(int slot) throws StoreException {
        int rounds = 1 + random.nextInt(4);
        SuspendableMachine sm = fx.boot(rounds);
        if (!(sm.run(200_000 + random.nextInt(400_000)) instanceof RunResult.CyclesExceeded)) {
            return;
        }
        put(slot, sm.snapshot(Snapshot.Kind.V2), rounds, 1);
    }

    /** Resumes the stored execution for one more segment: replaced if it suspends again, removed if it ends. */
    private void resumeAndReplace(int slot) throws Exception {
        Optional<ResumedExecution> resumed = StoreResumer.resume(store, tx(slot), s -> s.header().toConfig(), s -> { }, List.of());
        if (resumed.isEmpty()) {
            suspendFresh(slot);
            return;
        }
        SuspendableMachine sm = resumed.get().machine();
        ExecutionMetadata meta = resumed.get().stored().metadata();
        if (sm.run(sm.machine().cycles() + 100_000 + random.nextInt(300_000)) instanceof RunResult.CyclesExceeded) {
            put(slot, sm.snapshot(Snapshot.Kind.V2), rounds(meta), meta.segments() + 1);
        } else {
            delete(slot);
        }
    }

    private void put(int slot, Snapshot snapshot, int rounds, int segments) throws StoreException {
        markers.mark("B put " + slot + " " + digest(snapshot) + " " + rounds);
        store.put(tx(slot), snapshot, new ExecutionMetadata("r" + rounds, clock++, java.util.OptionalLong.empty(),
                0, segments), fx.blobs);
        markers.mark("A");
    }

    private static int rounds(ExecutionMetadata meta) {
        return Integer.parseInt(meta.owner().substring(1));
    }

    private void delete(int slot) throws StoreException {
        markers.mark("B del " + slot);
        store.delete(tx(slot));
        markers.mark("A");
    }

    /** Prune one of two policies; a dry run first names the victims, the announcement lists them. */
    private void prune() throws StoreException {
        PrunePolicy policy = random.nextBoolean() ? new PrunePolicy.KeepLast(random.nextInt(4))
                : new PrunePolicy.CreatedBefore(Math.max(0, clock - random.nextInt(6)));
        List<TxHash> victims = store.prune(policy, true).removed();
        StringJoiner slots = new StringJoiner(",");
        for (TxHash v : victims) {
            slots.add(Integer.toString(slotOf(v)));
        }
        markers.mark("B prune " + (victims.isEmpty() ? "-" : slots.toString()));
        List<TxHash> removed = store.prune(policy, false).removed();
        if (!removed.equals(victims)) {
            throw new IllegalStateException("prune removed " + removed + ", its dry run said " + victims);
        }
        markers.mark("A");
    }

    static Path exportFile(Path root, int n) {
        return root.resolveSibling("exports").resolve("export-" + n + ".bin");
    }

    private Path exports() {
        return root.resolveSibling("exports");
    }

    /** Export (beside the store), delete, import the file back. */
    private void exportAndImport(int slot, int n) throws Exception {
        Optional<StoredExecution> stored = store.get(tx(slot));
        if (stored.isEmpty()) {
            return;
        }
        markers.mark("B export " + slot + " " + n + " " + digest(stored.get().snapshot()));
        Optional<StoredExecution> exported = store.export(tx(slot), exportFile(root, n));
        markers.mark("A");
        delete(slot);
        markers.mark("B put " + slot + " " + digest(exported.get().snapshot()) + " " + rounds(exported.get().metadata()));
        store.importFrom(exportFile(root, n), false);
        markers.mark("A");
    }

    private static int slotOf(TxHash tx) {
        for (int s = 0; s < SLOTS; s++) {
            if (tx(s).equals(tx)) {
                return s;
            }
        }
        throw new IllegalStateException("not a workload transaction: " + tx);
    }
}
