package org.ckbvm.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import org.ckbvm.error.VmException;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run [OPTIONS] ELF [ARGS...]}: everything after the ELF path is the guest's argv, options
 * included (picocli's stop-at-positional, set in {@link CkbVmCommand#commandLine()}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load an ELF and run it to exit, error or the cycle limit.",
            "Everything after ELF is the guest's argv, exactly, options included: 'run --json prog a --json' "
                + "gives the guest [\"a\", \"--json\"]. ckbvm's options go before ELF ('--' before ELF ends them, "
                + "for a path that starts with '-').",
            "Version 2 (the default) runs the script in the scheduler, as CKB does: spawn, exec, wait and pipes "
                + "work, with the --source blobs as the cell deps they load programs from; pc and state_root are the "
                + "root VM's, and a script of several VMs adds vms_created, bundle_root and, at a stop, live_vms. "
                + "--snapshot-out and --db keep one machine and refuse such a script (status 2).",
            "Exit status: the guest's exit code (unsigned byte); 1 on a VM error, 3 when the cycle limit stops it, "
                + "2 on a usage error, 4 on a store error (--db)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    MachineOptions machineOptions;

    @Mixin
    EngineOption engineOption;

    @Option(names = "--max-cycles", paramLabel = "N", converter = Values.Unsigned64.class,
            description = "Cycle limit, an unsigned 64-bit number (default: no limit).")
    Long maxCycles;

    @Mixin
    JsonOption jsonOption;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Mixin
    StoreTarget storeTarget;

    @Option(names = "--scheduler-state", paramLabel = "FILE",
            description = "When the cycle limit stops the script, write the whole scheduler here (every VM's "
                    + "Snapshot2, what each waits for, fds, cycles: an encoded ckbvm.v1.SchedulerState); check it "
                    + "with 'audit --scheduler-state FILE'. Runs the script in the scheduler on every version.")
    Path schedulerStateOut;

    @Option(names = "--owner", paramLabel = "NAME", description = "With --db: who the stored execution belongs to (default: empty).")
    String owner = "";

    @Option(names = "--block", paramLabel = "HEIGHT", converter = Values.Unsigned64.class,
            description = "With --db: the block height to record as created-at (0 to 2^64-1).")
    Long block;

    @Parameters(index = "0", paramLabel = "ELF", description = "The RISC-V ELF64 program.")
    Path elf;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's argv, exactly (no program name is added).")
    List<String> args = new ArrayList<>();

    /**
     * Version 1 and 2 scripts run in the scheduler (exec; spawn and pipes: several VMs), as CKB runs every
     * script; earlier versions, which have only the root VM, on one machine, which is the same run
     * ({@code SingleMachineEquivalenceTest}). {@code --db} and {@code --snapshot-out} keep one
     * machine's Snapshot2, so they run one machine and refuse a script that calls the scheduler's
     * syscalls ({@link ProcessSyscallGuard}).
     */
    @Override
    public Integer call() throws Exception {
        if (schedulerStateOut != null && storeTarget.enabled()) {
            throw UsageException.of("--scheduler-state and --db are alternatives: the store keeps one machine's "
                    + "Snapshot2, not a scheduler of several VMs; give one");
        }
        if (schedulerStateOut != null && snapshotOptions.snapshotOut != null) {
            throw UsageException.of("--scheduler-state and --snapshot-out are alternatives: give one");
        }
        if (storeTarget.enabled()) {
            return runIntoStore();
        }
        if (snapshotOptions.snapshotOut == null
                && (schedulerStateOut != null || ProcessSyscallGuard.scheduled(machineOptions.toConfig().rules()))) {
            return runScheduled();
        }
        return runToFile();
    }

    private Integer runScheduled() throws Exception {
        if (schedulerStateOut != null) {
            Values.checkWritableFile("--scheduler-state", schedulerStateOut);
        }
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Values.readFile("ELF", elf));
        List<SourceId> txSources = sourceOptions.addTo(blobs);
        ScriptEnvironment env = new ScriptEnvironment(machineOptions.toConfig(), blobs, program, txSources, argv(),
                System.err::println, List.of(), engineOption.engine());
        int status = ScheduledRun.run(env, limit(), schedulerStateOut, jsonOption.json);
        // the root did not load: nothing ran, and one machine reports the load error with its
        // cycles, pc and state root exactly as before
        return status >= 0 ? status : runToFile();
    }

    private long limit() {
        return maxCycles == null ? -1L : maxCycles;
    }

    private List<byte[]> argv() {
        List<byte[]> argv = new ArrayList<>();
        for (String arg : args) {
            argv.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return argv;
    }

    private Integer runToFile() throws Exception {
        snapshotOptions.checkOutput();
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Values.readFile("ELF", elf));
        List<SourceId> txSources = sourceOptions.addTo(blobs);
        SuspendableMachine sm = SuspendableMachine.create(machineOptions.toConfig(), blobs, txSources,
                System.err::println, ProcessSyscallGuard.forVersion(machineOptions.toConfig().rules(), "--snapshot-out"));
        sm.machine().setEngine(engineOption.engine());
        RunResult result;
        try {
            sm.loadProgram(program, argv());
            result = sm.run(limit());
        } catch (VmException e) {
            result = new RunResult.Failed(e.error());
        }
        return SegmentReport.finish(sm, result, snapshotOptions, jsonOption.json, -1);
    }

    /**
     * {@code --db DIR --tx HASH}: a stop on the cycle limit is stored under HASH (refused if an
     * execution is already stored there: resume or delete it first); a finished run stores nothing.
     */
    private Integer runIntoStore() throws Exception {
        TxHash tx = storeTarget.txHash();
        if (snapshotOptions.snapshotOut != null) {
            throw UsageException.of("--snapshot-out and --db are alternatives: give one");
        }
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Values.readFile("ELF", elf));
        List<SourceId> txSources = sourceOptions.addTo(blobs);
        try (SnapshotStore store = storeTarget.open(true)) {
            if (store.contains(tx)) {
                return Report.error(jsonOption.json, "AlreadyExists", "an execution of " + tx + " is already suspended in "
                        + storeTarget.db + "; resume or delete it", ExitStatus.STORE);
            }
            SuspendableMachine sm = SuspendableMachine.create(machineOptions.toConfig(), blobs, txSources,
                    System.err::println, ProcessSyscallGuard.forVersion(machineOptions.toConfig().rules(), "--db"));
            sm.machine().setEngine(engineOption.engine());
            RunResult result;
            try {
                sm.loadProgram(program, argv());
                result = sm.run(limit());
            } catch (VmException e) {
                result = new RunResult.Failed(e.error());
            }
            ExecutionMetadata metadata = new ExecutionMetadata(owner, java.time.Instant.now().getEpochSecond(),
                    block == null ? OptionalLong.empty() : OptionalLong.of(block), limit(), 1);
            return SegmentReport.finish(sm, result, snapshotOptions, jsonOption.json, -1,
                    StoreSteps.suspendOrNothing(store, tx, metadata, blobs, snapshotOptions.kind()));
        }
    }
}
