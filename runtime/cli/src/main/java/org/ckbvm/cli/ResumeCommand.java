package org.ckbvm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreException;
import org.ckbvm.suspension.ResumedExecution;
import org.ckbvm.suspension.StoreResumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resume FILE --max-cycles M [--source PATH ...] [--snapshot-out FILE2] [--snapshot-kind v1|v2] [--json]},
 * or {@code resume --db DIR --tx HASH --max-cycles M [--json]} (no sources needed: the store has them).
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a snapshot on a fresh machine with a new absolute cycle limit M "
                + "(CKB-VM set_max_cycles). Pass the run's blobs again with --source, the program included.")
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "A snapshot written by run or resume (or use --db DIR --tx HASH).")
    Path file;

    @Mixin
    StoreTarget storeTarget;

    @Option(names = "--max-cycles", required = true, description = "The new absolute cycle limit (u64).")
    String maxCycles;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Option(names = "--version", description = "Expected machine version (default: the snapshot's).")
    Integer version;

    @Option(names = "--isa", description = "Expected ISA (default: the snapshot's).")
    String isa;

    @Option(names = "--cost-model", description = "Expected cost model (default: the snapshot's).")
    String costModel;

    @Option(names = "--memory", description = "Expected memory size (default: the snapshot's).")
    Long memorySize;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (storeTarget.enabled()) {
            return resumeFromStore();
        }
        if (file == null) {
            throw new IllegalArgumentException("give a snapshot FILE, or --db DIR --tx HASH");
        }
        InMemoryDataSource blobs = new InMemoryDataSource();
        sourceOptions.addTo(blobs);
        SuspendableMachine sm;
        long t0 = System.nanoTime();
        try {
            Snapshot snapshot = SnapshotCodec.decode(Files.readAllBytes(file));
            sm = SuspendableMachine.resume(snapshot, blobs, expectedConfig(snapshot), System.err::println, List.of());
            sm.machine().setEngine(engineOption.engine());
        } catch (SnapshotFormatException e) {
            return refuse("SnapshotFormatError", e.getMessage());
        } catch (ResumeException e) {
            return refuse(e.reason().getClass().getSimpleName(), e.getMessage());
        }
        long resumeNanos = System.nanoTime() - t0;
        RunResult result = sm.run(Long.parseUnsignedLong(maxCycles));
        return SegmentReport.finish(sm, result, snapshotOptions, json, resumeNanos);
    }

    /**
     * {@code --db DIR --tx HASH}: resumes the stored execution with the store as its only data
     * source; if it stops on the cycle limit again the entry is replaced (one more segment), if it
     * finishes the entry is removed.
     */
    private Integer resumeFromStore() throws Exception {
        TxHash tx = storeTarget.txHash();
        if (file != null || !sourceOptions.sources.isEmpty() || snapshotOptions.snapshotOut != null) {
            throw new IllegalArgumentException("with --db, give no FILE, --source or --snapshot-out: the store has them");
        }
        long limit = Long.parseUnsignedLong(maxCycles);
        try (SnapshotStore store = storeTarget.open(false)) {
            ResumedExecution resumed;
            long t0 = System.nanoTime();
            try {
                Optional<ResumedExecution> found = StoreResumer.resume(store, tx, this::expectedConfig, System.err::println, List.of());
                if (found.isEmpty()) {
                    return refuse("NotFound", "no suspended execution of " + tx + " in " + store.directory());
                }
                resumed = found.get();
            } catch (StoreException e) {
                return refuse(e.error().getClass().getSimpleName(), e.getMessage());
            } catch (ResumeException e) {
                return refuse(e.reason().getClass().getSimpleName(), e.getMessage());
            }
            long resumeNanos = System.nanoTime() - t0;
            RunResult result = resumed.machine().run(limit);
            return SegmentReport.finish(resumed.machine(), result, snapshotOptions, json, resumeNanos,
                    StoreSteps.suspendOrRemove(store, tx, resumed.stored().metadata().nextSegment(limit),
                            snapshotOptions.kind()));
        }
    }

    /** The configuration the user expects; each field not given defaults to the snapshot's. */
    private MachineConfig expectedConfig(Snapshot snapshot) {
        MachineConfig recorded = snapshot.header().toConfig();
        return new MachineConfig(
                version != null ? version : recorded.version(),
                isa != null ? IsaFlags.parse(isa) : recorded.isa(),
                costModel != null ? CostModel.parse(costModel) : recorded.costModel(),
                memorySize != null ? memorySize : recorded.memorySize());
    }

    private int refuse(String kind, String message) {
        if (json) {
            System.out.println(RunOutcome.refusal(kind, message).json());
        } else {
            System.err.println("resume refused: " + message);
        }
        return RunOutcome.STATUS_VM_ERROR;
    }
}
