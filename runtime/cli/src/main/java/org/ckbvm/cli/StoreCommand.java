package org.ckbvm.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
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


import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code store list|show|delete|prune|export|import|verify|stats|bench [--db DIR]}: manage the
 * suspended executions in a store. Exit status ({@link ExitStatus}): 0 on success, 1 when the
 * entry asked for is missing or {@code verify} finds a failure, 2 on a usage error, 4 when the
 * store cannot be opened, read or written.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Manage the store of suspended executions (RocksDB, in the folder --db, default ckbvm-data).",
            "Exit status: 0, 1 if the entry asked for is not there or verify finds a failure, 2 on a usage error, "
                + "4 if the store cannot be opened, read or written."},
        subcommands = {StoreCommand.ListEntries.class, StoreCommand.Show.class, StoreCommand.Delete.class,
                StoreCommand.Prune.class, StoreCommand.Export.class, StoreCommand.Import.class,
                StoreCommand.Verify.class, StoreCommand.Stats.class, StoreBenchCommand.class, HelpCommand.class})
final class StoreCommand {

    /** {@code --db DIR}, default {@code ./ckbvm-data}. */
    static final class DbOption {
        @Option(names = "--db", paramLabel = "DIR", defaultValue = "ckbvm-data",
                description = "The store folder (default: ./${DEFAULT-VALUE}).")
        Path db = Paths.get("ckbvm-data");

        @Option(names = "--block-cache", paramLabel = "SIZE", defaultValue = "32MiB", converter = Values.Size.class,
                description = "RocksDB block cache size (default: ${DEFAULT-VALUE}).")
        long blockCache = 32L << 20;

        SnapshotStore open(boolean create) throws StoreException {
            return org.ckbvm.suspension.StoreResumer.open(db, StoreConfig.defaults().withCreateIfMissing(create)
                    .withBlockCacheBytes(blockCache));
        }
    }

    static Map<String, Object> summaryFields(ExecutionSummary e) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tx", e.tx().toString());
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

    static void print(Map<String, Object> fields, boolean json) {
        if (json) {
            Report.json(fields);
        } else {
            System.out.print(RunOutcome.text(fields));
        }
    }

    static void warn(List<StoreError> problems) {
        problems.forEach(p -> System.err.println("warning: " + p.message()));
    }

    static int notFound(boolean json, TxHash tx, Path db) {
        return Report.error(json, "NotFound", "no suspended execution of " + tx + " in " + db, ExitStatus.FAILED);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the suspended executions (tx, owner, size, dirty and source pages, cycles, segments, "
                    + "created). It reads the records only; 'store verify' reads every entry back."})
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = "--owner", paramLabel = "NAME", description = "Only the executions of this owner.")
        String owner;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                Listing listing = store.list(Optional.ofNullable(owner));
                warn(listing.problems());
                if (jsonOption.json) {
                    listing.entries().forEach(e -> Report.json(summaryFields(e)));
                } else {
                    System.out.printf("%-66s  %-16s  %9s  %6s  %6s  %14s  %8s  %s%n", "tx", "owner", "size", "dirty",
                            "source", "cycles", "segments", "created");
                    for (ExecutionSummary e : listing.entries()) {
                        ExecutionMetadata m = e.metadata();
                        System.out.printf("%-66s  %-16s  %9d  %6d  %6d  %14s  %8d  %s%n", e.tx(),
                                m.owner().isEmpty() ? "-" : m.owner(), e.snapshotBytes(), e.dirtyPages(), e.sourcePages(),
                                Long.toUnsignedString(e.cycles()), m.segments(),
                                Instant.ofEpochSecond(Math.max(0, Math.min(m.createdAtSeconds(), 253402300799L)))
                                        + (m.createdAtBlock().isPresent()
                                        ? " block " + Long.toUnsignedString(m.createdAtBlock().getAsLong()) : ""));
                    }
                }
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Read one execution back (fully verified) and print its metadata and snapshot summary.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH", converter = Values.Hash.class,
                description = "The transaction hash (64 hex digits, 0x allowed).")
        TxHash tx;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                Optional<StoredExecution> found = store.get(tx);
                if (found.isEmpty()) {
                    return notFound(jsonOption.json, tx, db.db);
                }
                StoredExecution s = found.get();
                Snapshot snap = s.snapshot();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("tx", tx.toString());
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
                print(f, jsonOption.json);
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete one execution and free what only it referenced (atomic, durable).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH", converter = Values.Hash.class,
                description = "The transaction hash (64 hex digits, 0x allowed).")
        TxHash tx;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                if (!store.delete(tx)) {
                    return notFound(jsonOption.json, tx, db.db);
                }
                if (jsonOption.json) {
                    Report.json(Report.fields("tx", tx.toString(), "deleted", true));
                } else {
                    System.out.println("deleted " + tx);
                }
                return ExitStatus.OK;
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

            @Option(names = "--keep-last", paramLabel = "N", converter = Values.Count.class,
                    description = "Keep the N newest, remove the rest.")
            Integer keepLast;

            @Option(names = "--max-bytes", paramLabel = "SIZE", converter = Values.Size.class,
                    description = "Remove the oldest until the store holds at most SIZE live bytes (e.g. 512MiB).")
            Long maxBytes;
        }

        @Option(names = "--dry-run", description = "Only report what would be removed.")
        boolean dryRun;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            PrunePolicy p = policy.olderThan != null ? StoreArguments.olderThan(policy.olderThan, Instant.now().getEpochSecond())
                    : policy.keepLast != null ? new PrunePolicy.KeepLast(policy.keepLast)
                    : new PrunePolicy.MaxBytes(policy.maxBytes);
            try (SnapshotStore store = db.open(false)) {
                PruneResult r = store.prune(p, dryRun);
                if (jsonOption.json) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("dry_run", dryRun);
                    f.put("removed", r.removed().stream().map(TxHash::toString).toList());
                    f.put("live_bytes_before", r.liveBytesBefore());
                    f.put("live_bytes_after", r.liveBytesAfter());
                    Report.json(f);
                } else {
                    String verb = dryRun ? "would remove " : "removed ";
                    r.removed().forEach(tx -> System.out.println(verb + tx));
                    System.out.println(verb + r.removed().size() + " executions; live bytes " + r.liveBytesBefore()
                            + " -> " + r.liveBytesAfter());
                }
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write one execution with its metadata and every blob it needs to a self-contained file.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "TXHASH", converter = Values.Hash.class,
                description = "The transaction hash (64 hex digits, 0x allowed).")
        TxHash tx;

        @Parameters(index = "1", paramLabel = "FILE", description = "Where to write it (replaced atomically).")
        Path file;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            Values.checkWritableFile("FILE", file);
            try (SnapshotStore store = db.open(false)) {
                if (store.export(tx, file).isEmpty()) {
                    return notFound(jsonOption.json, tx, db.db);
                }
                long size = Files.size(file);
                if (jsonOption.json) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("tx", tx.toString());
                    f.put("file", file.toString());
                    f.put("bytes", size);
                    Report.json(f);
                } else {
                    System.out.println("exported " + tx + " to " + file + " (" + size + " bytes)");
                }
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Store the execution in an export file (checked whole: checksum, snapshot, blobs, state root).")
    static final class Import implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Parameters(index = "0", paramLabel = "FILE", description = "A file written by 'store export'.")
        Path file;

        @Option(names = "--replace", description = "Replace an execution already stored under the same hash.")
        boolean replace;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            Values.checkReadableFile("FILE", file);
            try (SnapshotStore store = db.open(true)) {
                StoredExecution s = store.importFrom(file, replace);
                if (jsonOption.json) {
                    Report.json(Report.fields("tx", s.tx().toString(), "imported", true));
                } else {
                    System.out.println("imported " + s.tx());
                }
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-check every entry and every reference, and RocksDB's checksums of every file; "
                    + "one line per execution ('ok TX' or 'FAILED TX: why'), one per store-wide problem "
                    + "('FAILED store: ...'), then 'N passed, M failed'.",
                "Damage RocksDB reports (an unreadable block, a file checksum) is a failure like any other, naming "
                    + "the executions whose data cannot be read back.",
                "Exit status: 0 if all passed, 1 if anything failed (damage that keeps the store from opening too), "
                    + "2 if there is no store there, 4 if it cannot be opened (in use, not a store)."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            boolean json = jsonOption.json;
            SnapshotStore opened;
            try {
                opened = db.open(false);
            } catch (StoreException e) {
                if (!(e.error() instanceof StoreError.Damaged)) {
                    throw e;
                }
                // damage RocksDB finds before the store is even open is a failed verification too
                report(new VerifyReport(List.of(), List.of(e.getMessage()), 0), json);
                return ExitStatus.FAILED;
            }
            try (SnapshotStore store = opened) {
                VerifyReport r = store.verify();
                report(r, json);
                return r.ok() ? ExitStatus.OK : ExitStatus.FAILED;
            }
        }

        private static void report(VerifyReport r, boolean json) {
            for (VerifyReport.EntryResult e : r.entries()) {
                if (json) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("type", "entry");
                    f.put("tx", e.tx().toString());
                    f.put("ok", e.failure().isEmpty());
                    e.failure().ifPresent(why -> f.put("failure", why));
                    Report.json(f);
                } else {
                    System.out.println(e.failure().map(f -> "FAILED " + e.tx() + ": " + f).orElse("ok " + e.tx()));
                }
            }
            for (String p : r.problems()) {
                if (json) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("type", "problem");
                    f.put("problem", p);
                    Report.json(f);
                } else {
                    System.out.println("FAILED store: " + p);
                }
            }
            if (json) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "summary");
                f.put("passed", r.passed());
                f.put("failed", r.failed());
                f.put("quarantined", r.quarantined());
                Report.json(f);
            } else {
                if (r.quarantined() > 0) {
                    System.out.println("quarantine holds " + r.quarantined() + " entries moved aside as corrupt");
                }
                System.out.println(r.passed() + " passed, " + r.failed() + " failed");
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Counts, bytes and the dedup ratio; with --verbose also page and blob counts and RocksDB's own figures.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        DbOption db;

        @Option(names = {"-v", "--verbose"}, description = "Every figure, RocksDB's included.")
        boolean verbose;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws Exception {
            try (SnapshotStore store = db.open(false)) {
                StoreStats s = store.stats();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("executions", s.executions());
                f.put("snapshot_bytes", s.snapshotBytes());
                f.put("logical_bytes", s.logicalBytes());
                f.put("live_bytes", s.liveBytes());
                f.put("dedup_ratio", s.dedupRatio());
                f.put("disk_bytes", s.diskBytes());
                f.put("quarantined", s.quarantined());
                if (verbose || jsonOption.json) {
                    f.put("pages", s.pages());
                    f.put("page_references", s.pageReferences());
                    f.put("page_dedup_ratio", s.pageDedupRatio());
                    f.put("blobs", s.blobs());
                    f.put("blob_bytes", s.blobBytes());
                    f.put("blob_references", s.blobReferences());
                    f.put("quarantine_bytes", s.quarantineBytes());
                }
                if (verbose) {
                    f.put("rocksdb", s.rocksdb());
                }
                if (jsonOption.json) {
                    Report.json(f);
                } else {
                    f.forEach((k, v) -> {
                        if (v instanceof Map<?, ?> m) {
                            m.forEach((mk, mv) -> System.out.println("rocksdb." + mk + ": " + mv));
                        } else {
                            System.out.println(k + ": " + (v instanceof BigDecimal b ? b.toPlainString() : v));
                        }
                    });
                }
                return ExitStatus.OK;
            }
        }
    }
}
