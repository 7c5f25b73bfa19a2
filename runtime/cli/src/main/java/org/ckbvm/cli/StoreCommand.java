package org.ckbvm.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ckbvm.isa.IsaFlags;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.ExecutionSummary;
import org.ckbvm.store.Listing;
import org.ckbvm.store.PrunePolicy;
import org.ckbvm.store.PruneResult;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.StoreStats;
import org.ckbvm.store.StoredExecution;
import org.ckbvm.store.VerifyReport;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code store list|show|delete|prune|export|import|verify|stats|bench [--db DIR]}: manage the
 * suspended executions in a store. Exit status 0 on success, 1 when the entry asked for is
 * missing or {@code verify} finds a failure, 2 on errors (a store that cannot be opened, bad
 * arguments).
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Manage the store of suspended executions (RocksDB; default folder ./ckbvm-data).",
        subcommands = {StoreCommand.ListEntries.class, StoreCommand.Show.class, StoreCommand.Delete.class,
                StoreCommand.Prune.class, StoreCommand.Export.class, StoreCommand.Import.class,
                StoreCommand.Verify.class, StoreCommand.Stats.class, StoreBenchCommand.class})
final class StoreCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code --db DIR}, default {@code ./ckbvm-data}. */
    static final class DbOption {
        @Option(names = "--db", paramLabel = "DIR", defaultValue = "ckbvm-data",
                description = "The store folder (default: ./${DEFAULT-VALUE}).")
        Path db = Paths.get("ckbvm-data");

        @Option(names = "--block-cache", paramLabel = "SIZE", defaultValue = "32MiB",
                description = "RocksDB block cache size (default: ${DEFAULT-VALUE}).")
        String blockCache = "32MiB";

        SnapshotStore open(boolean create) throws StoreException {
            return org.ckbvm.suspension.StoreResumer.open(db, StoreConfig.defaults().withCreateIfMissing(create)
                    .withBlockCacheBytes(StoreArguments.bytes(blockCache)));
        }
    }

    static Map<String, Object> summaryFields(ExecutionSummary e) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tx", "0x" + e.tx().toHex());
        putMetadata(f, e.metadata());
        f.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        f.put("size", e.snapshotBytes());
        f.put("dirty_pages", e.dirtyPages());
        f.put("source_pages", e.sourcePages());
        f.put("cycles", RunOutcome.unsigned(e.cycles()));
        f.put("max_cycles", RunOutcome.unsigned(e.maxCycles()));
        f.put("state_root", "0x" + HexFormat.of().formatHex(e.stateRoot()));
        return f;
    }

    static void putMetadata(Map<String, Object> f, ExecutionMetadata m) {
        f.put("owner", m.owner());
        f.put("created_at", RunOutcome.unsigned(m.createdAtSeconds()));
        f.put("created_at_iso", Instant.ofEpochSecond(Math.max(0, Math.min(m.createdAtSeconds(), 253402300799L))).toString());
        if (m.createdAtBlock().isPresent()) {
            f.put("created_at_block", RunOutcome.unsigned(m.createdAtBlock().getAsLong()));
        }
        f.put("cycles_paid", RunOutcome.unsigned(m.cyclesPaid()));
        f.put("segments", m.segments());
    }

    static void print(Map<String, Object> fields, boolean json) throws Exception {
        if (json) {
            System.out.println(JSON.writeValueAsString(fields));
        } else {
            fields.forEach((k, v) -> System.out.println(k + ": " + v));
        }
    }

    static void warn(List<StoreError> problems) {
        problems.forEach(p -> System.err.println("warning: " + p.message()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the suspended executions (tx, owner, size, dirty and source pages, cycles, segments, created).")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = "--owner", description = "Only the executions of this owner.")
        String owner;

        @Option(names = "--json", description = "Print a JSON array of entries, each with a \"tx\" field.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                Listing listing = store.list(Optional.ofNullable(owner));
                warn(listing.problems());
                if (json) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    listing.entries().forEach(e -> rows.add(summaryFields(e)));
                    System.out.println(JSON.writeValueAsString(rows));
                } else {
                    System.out.printf("%-66s  %-16s  %9s  %6s  %6s  %14s  %8s  %s%n", "tx", "owner", "size", "dirty",
                            "source", "cycles", "segments", "created");
                    for (ExecutionSummary e : listing.entries()) {
                        ExecutionMetadata m = e.metadata();
                        System.out.printf("%-66s  %-16s  %9d  %6d  %6d  %14s  %8d  %s%n", "0x" + e.tx().toHex(),
                                m.owner().isEmpty() ? "-" : m.owner(), e.snapshotBytes(), e.dirtyPages(), e.sourcePages(),
                                Long.toUnsignedString(e.cycles()), m.segments(),
                                Instant.ofEpochSecond(Math.max(0, Math.min(m.createdAtSeconds(), 253402300799L)))
                                        + (m.createdAtBlock().isPresent() ? " block " + m.createdAtBlock().getAsLong() : ""));
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Read one execution back (fully verified) and print its metadata and snapshot summary.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH")
        String tx;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            TxHash hash = TxHash.fromHex(tx);
            try (SnapshotStore store = db.open(false)) {
                Optional<StoredExecution> found;
                try {
                    found = store.get(hash);
                } catch (StoreException e) {
                    System.err.println("error: " + e.getMessage());
                    return 1;
                }
                if (found.isEmpty()) {
                    System.err.println("no suspended execution of " + hash);
                    return 1;
                }
                StoredExecution s = found.get();
                Snapshot snap = s.snapshot();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("tx", "0x" + hash.toHex());
                putMetadata(f, s.metadata());
                f.put("kind", snap.kind().name().toLowerCase(Locale.ROOT));
                f.put("machine_version", snap.header().machineVersion());
                f.put("isa", IsaFlags.format(snap.header().isa()));
                f.put("cost_model", snap.header().costModel());
                f.put("memory_size", snap.header().memorySize());
                f.put("pc", "0x" + Long.toHexString(snap.state().pc()));
                f.put("cycles", RunOutcome.unsigned(snap.state().cycles()));
                f.put("max_cycles", RunOutcome.unsigned(snap.state().maxCycles()));
                f.put("sources", snap.sources().stream().map(id -> "0x" + id.toHex()).toList());
                snap.programSource().ifPresent(p -> f.put("program", "0x" + p.toHex()));
                f.put("dirty_pages", snap.dirtyPageCount());
                f.put("source_pages", snap.sourcePageCount());
                f.put("size", s.snapshotBytes());
                f.put("snapshot_digest", "0x" + HexFormat.of().formatHex(s.snapshotDigest()));
                f.put("state_root", "0x" + HexFormat.of().formatHex(snap.stateRoot()));
                f.put("verified", true);
                print(f, json);
                return 0;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete one execution and free what only it referenced (atomic, durable).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH")
        String tx;

        @Override
        public Integer call() throws Exception {
            TxHash hash = TxHash.fromHex(tx);
            try (SnapshotStore store = db.open(false)) {
                if (store.delete(hash)) {
                    System.out.println("deleted " + hash);
                    return 0;
                }
                System.err.println("no suspended execution of " + hash);
                return 1;
            }
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Remove executions by a retention policy, oldest first (by created-at, then block, then tx).")
    static final class Prune implements Callable<Integer> {
        @Mixin
        DbOption db;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Policy policy;

        static final class Policy {
            @Option(names = "--older-than", paramLabel = "AGE",
                    description = "Created more than AGE ago (30s, 15m, 12h, 7d), or below a block (block:N).")
            String olderThan;

            @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest, remove the rest.")
            Integer keepLast;

            @Option(names = "--max-bytes", paramLabel = "SIZE",
                    description = "Remove the oldest until the store holds at most SIZE live bytes (e.g. 512MiB).")
            String maxBytes;
        }

        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrunePolicy p = policy.olderThan != null ? StoreArguments.olderThan(policy.olderThan, Instant.now().getEpochSecond())
                    : policy.keepLast != null ? new PrunePolicy.KeepLast(policy.keepLast)
                    : new PrunePolicy.MaxBytes(StoreArguments.bytes(policy.maxBytes));
            try (SnapshotStore store = db.open(false)) {
                PruneResult r = store.prune(p, dryRun);
                String verb = dryRun ? "would remove " : "removed ";
                r.removed().forEach(tx -> System.out.println(verb + tx));
                System.out.println(verb + r.removed().size() + " executions; live bytes " + r.liveBytesBefore()
                        + " -> " + r.liveBytesAfter());
                return 0;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write one execution with its metadata and every blob it needs to a self-contained file.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH")
        String tx;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            TxHash hash = TxHash.fromHex(tx);
            try (SnapshotStore store = db.open(false)) {
                if (store.export(hash, file).isEmpty()) {
                    System.err.println("no suspended execution of " + hash);
                    return 1;
                }
                System.out.println("exported " + hash + " to " + file + " (" + Files.size(file) + " bytes)");
                return 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Store the execution in an export file (checked whole: checksum, snapshot, blobs, state root).")
    static final class Import implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--replace", description = "Replace an execution already stored under the same hash.")
        boolean replace;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(true)) {
                StoredExecution s = store.importFrom(file, replace);
                System.out.println("imported " + s.tx());
                return 0;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-check every entry and every reference; the last line is 'N passed, M failed'.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                VerifyReport r = store.verify();
                for (VerifyReport.EntryResult e : r.entries()) {
                    System.out.println(e.failure().map(f -> "FAILED " + e.tx() + ": " + f).orElse("ok " + e.tx()));
                }
                r.problems().forEach(p -> System.out.println("FAILED store: " + p));
                if (r.quarantined() > 0) {
                    System.out.println("quarantine holds " + r.quarantined() + " entries moved aside as corrupt");
                }
                System.out.println(r.passed() + " passed, " + r.failed() + " failed");
                return r.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Counts, bytes, the dedup ratio and RocksDB's own size figures.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                StoreStats s = store.stats();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("executions", s.executions());
                f.put("snapshot_bytes", s.snapshotBytes());
                f.put("pages", s.pages());
                f.put("page_references", s.pageReferences());
                f.put("page_dedup_ratio", s.pageDedupRatio());
                f.put("blobs", s.blobs());
                f.put("blob_bytes", s.blobBytes());
                f.put("blob_references", s.blobReferences());
                f.put("logical_bytes", s.logicalBytes());
                f.put("live_bytes", s.liveBytes());
                f.put("dedup_ratio", s.dedupRatio());
                f.put("quarantined", s.quarantined());
                f.put("quarantine_bytes", s.quarantineBytes());
                f.put("disk_bytes", s.diskBytes());
                f.put("rocksdb", s.rocksdb());
                if (json) {
                    System.out.println(JSON.writeValueAsString(f));
                } else {
                    f.forEach((k, v) -> {
                        if (v instanceof Map<?, ?> m) {
                            m.forEach((mk, mv) -> System.out.println("rocksdb." + mk + ": " + mv));
                        } else {
                            System.out.println(k + ": " + (v instanceof BigDecimal b ? b.toPlainString() : v));
                        }
                    });
                }
                return 0;
            }
        }
    }
}
