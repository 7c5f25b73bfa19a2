package org.ckbvm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.scheduler.ScriptEnvironment;
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
 * {@code resume FILE --max-cycles M [--source PATH ...] [--snapshot-out FILE2 | --scheduler-state FILE2]
 * [--snapshot-kind v1|v2] [--json]}, or {@code resume --db DIR --tx HASH --max-cycles M [--json]} (no sources
 * needed: the store has them). FILE is a Snapshot2 or, on version 2, a whole scheduler's state.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Resume a snapshot on a fresh machine with a new absolute cycle limit N "
                + "(CKB-VM set_max_cycles).",
            "From a FILE: pass the run's --source blobs again (any order); the program only if the snapshot "
                + "still references its pages (a missing blob is named by its id). From a store (--db DIR --tx HASH): "
                + "nothing else, the store has the blobs.",
            "The machine options default to the snapshot's; given, they must match it.",
            "Versions 1 and 2: FILE may also be a whole scheduler written by --scheduler-state; the script goes on in the "
                + "scheduler (it may spawn), and --scheduler-state FILE2 saves the next stop. With --db or "
                + "--snapshot-out it stays one machine, and a spawn, pipe, wait or exec is refused (status 2).",
            "Exit status as for run: the guest's exit code, 1 on a VM error or a snapshot that does not resume, "
                + "3 when the cycle limit stops it again, 2 on a usage error (FILE not a snapshot, ...), 4 on a store error."})
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "A snapshot written by run or resume (or use --db DIR --tx HASH).")
    Path file;

    @Option(names = "--max-cycles", paramLabel = "N", required = true, converter = Values.Unsigned64.class,
            description = "The new absolute cycle limit, an unsigned 64-bit number.")
    Long maxCycles;

    @Mixin
    JsonOption jsonOption;

    @Mixin
    StoreTarget storeTarget;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Option(names = "--machine-version", paramLabel = "0|1|2", converter = Values.MachineVersion.class,
            description = "Expected machine version (default: the snapshot's).")
    Integer version;

    @Option(names = "--isa", paramLabel = "LIST", converter = Values.Isa.class,
            description = "Expected ISA (default: the snapshot's).")
    String isa;

    @Option(names = "--cost-model", paramLabel = "ckb|unit", converter = Values.CostModelName.class,
            description = "Expected cost model (default: the snapshot's).")
    String costModel;

    @Option(names = "--memory", paramLabel = "BYTES", converter = Values.MemorySize.class,
            description = "Expected memory size (default: the snapshot's).")
    Long memorySize;

    @Option(names = "--scheduler-state", paramLabel = "FILE2",
            description = "Versions 1 and 2: if the cycle limit stops the script again, write the whole scheduler "
                    + "(every VM; an encoded ckbvm.v1.SchedulerState) to FILE2.")
    Path schedulerStateOut;

    @Override
    public Integer call() throws Exception {
        if (storeTarget.enabled()) {
            return resumeFromStore();
        }
        if (file == null) {
            throw UsageException.of("give a snapshot FILE, or --db DIR --tx HASH");
        }
        snapshotOptions.checkOutput();
        if (schedulerStateOut != null && snapshotOptions.snapshotOut != null) {
            throw UsageException.of("--scheduler-state and --snapshot-out are alternatives: give one");
        }
        if (schedulerStateOut != null) {
            Values.checkWritableFile("--scheduler-state", schedulerStateOut);
        }
        byte[] bytes = Values.readFile("FILE", file);
        InMemoryDataSource blobs = new InMemoryDataSource();
        sourceOptions.addTo(blobs);
        SchedulerState state;
        try {
            state = SchedulerState.ofSingleMachine(SnapshotCodec.decode(bytes));
        } catch (SnapshotFormatException notSnapshot) {
            try {
                state = SchedulerStateCodec.decode(bytes);
            } catch (SchedulerStateException notState) {
                throw UsageException.badValue("FILE", file.toString(), "a snapshot written by run or resume ("
                        + notSnapshot.getMessage() + "), or a scheduler state written by --scheduler-state ("
                        + notState.getMessage() + ")");
            }
        }
        Snapshot root = state.vms().get(0).snapshot();
        MachineConfig config = expectedConfig(root);
        if (state.singleMachine().isEmpty() || (snapshotOptions.snapshotOut == null
                && ProcessSyscallGuard.scheduled(config.rules()))) {
            return resumeScheduled(state, root, config, blobs);
        }
        if (schedulerStateOut != null) {
            throw UsageException.of("--scheduler-state needs a script of machine version 1 or 2 (this one is version "
                    + config.version() + ")");
        }
        SuspendableMachine sm;
        long t0 = System.nanoTime();
        try {
            sm = SuspendableMachine.resume(root, blobs, config, System.err::println,
                    ProcessSyscallGuard.forVersion(config.rules(), "--snapshot-out"));
            sm.machine().setEngine(engineOption.engine());
        } catch (ResumeException e) {
            return refuse(e.reason().getClass().getSimpleName(), e.getMessage());
        }
        long resumeNanos = System.nanoTime() - t0;
        RunResult result = sm.run(maxCycles);
        return SegmentReport.finish(sm, result, snapshotOptions, jsonOption.json, resumeNanos);
    }

    /**
     * A version-1 or version-2 script goes on in the scheduler, as {@code run} runs it: from one machine's
     * snapshot (a script that had not spawned yet may spawn now) or from a whole scheduler's state.
     */
    private Integer resumeScheduled(SchedulerState state, Snapshot root, MachineConfig config, InMemoryDataSource blobs)
            throws Exception {
        if (snapshotOptions.snapshotOut != null) {
            throw UsageException.of("FILE holds several VMs; --snapshot-out keeps one machine's Snapshot2: "
                    + "use --scheduler-state FILE2");
        }
        // the root's program and argv only matter at boot, which happened before the stop
        ScriptEnvironment env = new ScriptEnvironment(config, blobs, root.programSource().orElse(root.sources().isEmpty()
                ? SourceId.of(new byte[32]) : root.sources().get(0)), root.sources(), List.of(), System.err::println,
                List.of(), engineOption.engine());
        Scheduler scheduler;
        long t0 = System.nanoTime();
        try {
            scheduler = Scheduler.resume(state, env);
        } catch (SchedulerStateException e) {
            return refuse(e.reason().getClass().getSimpleName(), e.getMessage());
        }
        return ScheduledRun.resume(scheduler, maxCycles, schedulerStateOut, jsonOption.json, System.nanoTime() - t0);
    }

    /**
     * {@code --db DIR --tx HASH}: resumes the stored execution with the store as its only data
     * source; if it stops on the cycle limit again the entry is replaced (one more segment), if it
     * finishes the entry is removed.
     */
    private Integer resumeFromStore() throws Exception {
        TxHash tx = storeTarget.txHash();
        if (file != null || !sourceOptions.sources.isEmpty() || snapshotOptions.snapshotOut != null
                || schedulerStateOut != null) {
            throw UsageException.of("with --db, give no FILE, --source, --snapshot-out or --scheduler-state: the store "
                    + "has them");
        }
        long limit = maxCycles;
        try (SnapshotStore store = storeTarget.open(false)) {
            ResumedExecution resumed;
            long t0 = System.nanoTime();
            try {
                // the store keeps one machine's Snapshot2: a script that calls the scheduler's
                // syscalls now is stopped with a usage error, the entry left as it was
                Optional<ResumedExecution> found = StoreResumer.resume(store, tx, this::expectedConfig, System.err::println,
                        List.of(ProcessSyscallGuard.forAnyVersion("--db")));
                if (found.isEmpty()) {
                    return Report.error(jsonOption.json, "NotFound", "no suspended execution of " + tx + " in "
                            + store.directory(), ExitStatus.FAILED);
                }
                resumed = found.get();
            } catch (StoreException e) {
                if (e.error() instanceof org.ckbvm.store.StoreError.NotResumable) {
                    return refuse(e.error().getClass().getSimpleName(), e.getMessage());
                }
                throw e; // the store could not give it back whole: a store error
            } catch (ResumeException e) {
                return refuse(e.reason().getClass().getSimpleName(), e.getMessage());
            }
            long resumeNanos = System.nanoTime() - t0;
            RunResult result = resumed.machine().run(limit);
            return SegmentReport.finish(resumed.machine(), result, snapshotOptions, jsonOption.json, resumeNanos,
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

    /** A snapshot (or stored execution) that does not resume: a VM-side failure, status 1. */
    private int refuse(String kind, String message) {
        return Report.error(jsonOption.json, kind, "resume refused: " + message, ExitStatus.FAILED);
    }
}
