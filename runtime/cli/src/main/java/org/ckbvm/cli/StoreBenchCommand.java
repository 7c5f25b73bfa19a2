package org.ckbvm.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreStats;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code store bench --db DIR --count N [--first C] [--step C] [--source PATH ...] ELF [ARGS...]}:
 * stores N distinct suspensions of one contract and reports the synced write latency, the resume
 * latency (read, verify, restore: a machine ready to run) and the dedup ratio. Execution k runs
 * the ELF with ARGS, each {@code {n}} in them replaced by k (default ARGS: {@code {n}}, which
 * load_blob reads as its number of rounds), and is suspended every C cycles.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure synced write latency, resume latency and dedup for N suspensions of one contract.",
            "Execution k (1, 2, ...) runs ELF with ARGS, every {n} in them replaced by k (default ARGS: {n}); "
                + "everything after ELF is the guest's, options included. Each execution is suspended after "
                + "--first cycles, then every --step cycles, until N snapshots are stored."})
final class StoreBenchCommand implements Callable<Integer> {
    @Mixin
    MachineOptions machineOptions;

    @Mixin
    SourceOptions sourceOptions;

    @Option(names = "--db", paramLabel = "DIR", required = true, description = "An empty or new store folder.")
    Path db;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000", converter = Values.PositiveCount.class,
            description = "Suspensions to store (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--first", paramLabel = "CYCLES", defaultValue = "300000", converter = Values.PositiveLong.class,
            description = "Cycles of the first stop (default: ${DEFAULT-VALUE}).")
    long first;

    @Option(names = "--step", paramLabel = "CYCLES", defaultValue = "50000", converter = Values.PositiveLong.class,
            description = "Cycles between stops (default: ${DEFAULT-VALUE}).")
    long step;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", converter = Values.Count.class,
            description = "Writers for the parallel throughput run, 0 to skip it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Parameters(index = "0", paramLabel = "ELF", description = "The contract.")
    Path elf;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's argv; {n} is the execution's number (default: {n}).")
    List<String> args = new ArrayList<>();

    /** Execution k's argv: ARGS with every {n} replaced by k. */
    private List<byte[]> argv(int k) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args.isEmpty() ? List.of("{n}") : args) {
            argv.add(a.replace("{n}", Integer.toString(k)).getBytes(StandardCharsets.UTF_8));
        }
        return argv;
    }

    @Override
    public Integer call() throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Values.readFile("ELF", elf));
        List<SourceId> txSources = sourceOptions.addTo(blobs);
        List<Snapshot> snapshots = new ArrayList<>(count);
        int execution = 1;
        while (snapshots.size() < count) {
            SuspendableMachine sm;
            try {
                sm = SuspendableMachine.boot(machineOptions.toConfig(), blobs, program, txSources, argv(execution++),
                        s -> { }, List.of());
            } catch (org.ckbvm.error.VmException e) {
                throw UsageException.badValue("ELF", elf.toString(), "a program that loads; " + e.getMessage());
            }
            int before = snapshots.size();
            for (long limit = first; snapshots.size() < count && sm.run(limit) instanceof RunResult.CyclesExceeded; limit += step) {
                snapshots.add(sm.snapshot(Snapshot.Kind.V2));
            }
            if (snapshots.size() == before) {
                throw UsageException.badValue("--first", Long.toString(first),
                        "fewer cycles than the program runs; it finishes before that, leaving nothing to suspend");
            }
        }
        long encodedBytes = snapshots.stream().mapToLong(s -> SnapshotCodec.encode(s).length).sum();
        try (SnapshotStore store = org.ckbvm.suspension.StoreResumer.open(db, org.ckbvm.store.StoreConfig.defaults())) {
            if (store.stats().executions() != 0) {
                throw UsageException.badValue("--db", db.toString(), "an empty or new store folder; it holds "
                        + store.stats().executions() + " executions");
            }
            long[] put = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                store.put(tx(i), snapshots.get(i), new ExecutionMetadata("bench", i, OptionalLong.empty(),
                        snapshots.get(i).state().maxCycles(), 1), blobs);
                put[i] = System.nanoTime() - t0;
            }
            long[] resume = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                Optional<?> r = org.ckbvm.suspension.StoreResumer.resume(store, tx(i), s -> s.header().toConfig(), s -> { }, List.of());
                resume[i] = System.nanoTime() - t0;
                if (r.isEmpty()) {
                    throw new IllegalStateException("stored execution " + i + " is missing");
                }
            }
            StoreStats stats = store.stats();
            String parallel = threads <= 0 ? null : parallelPuts(store, snapshots, blobs);
            System.out.println("snapshots: " + count + " of " + elf.getFileName() + " (" + (execution - 1)
                    + " executions), mean SnapshotCodec size " + encodedBytes / count + " bytes, mean dirty pages "
                    + snapshots.stream().mapToLong(Snapshot::dirtyPageCount).sum() / (double) count);
            System.out.println("put (synced WAL, includes the resume check before writing): " + latency(put));
            System.out.println("resume (read + verify + restore, machine ready): " + latency(resume));
            System.out.println("logical bytes (each snapshot plus its blobs): " + stats.logicalBytes());
            System.out.println("live bytes (stored keys + values): " + stats.liveBytes() + ", on disk: " + stats.diskBytes());
            System.out.println("pages: " + stats.pages() + " distinct for " + stats.pageReferences() + " page occurrences"
                    + " (page dedup " + stats.pageDedupRatio() + "), blobs: " + stats.blobs());
            System.out.println("dedup ratio (logical / live): " + stats.dedupRatio());
            if (parallel != null) {
                System.out.println(parallel);
            }
            return ExitStatus.OK;
        }
    }

    /** The same snapshots again under new hashes from {@code threads} writers: synced writes share WAL syncs. */
    private String parallelPuts(SnapshotStore store, List<Snapshot> snapshots, InMemoryDataSource blobs) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    store.put(tx(count + i), snapshots.get(i), new ExecutionMetadata("bench", i, OptionalLong.empty(),
                            snapshots.get(i).state().maxCycles(), 1), blobs);
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format(java.util.Locale.ROOT, "parallel put, %d writers: %d puts in %.2f s = %.0f puts/s",
                threads, count, seconds, count / seconds);
    }

    private static TxHash tx(int i) {
        return TxHash.of(CkbHash.hash(("bench-" + i).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String latency(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return String.format(java.util.Locale.ROOT, "median %.2f ms, p90 %.2f ms, p99 %.2f ms, mean %.2f ms",
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, mean / 1e6);
    }
}
