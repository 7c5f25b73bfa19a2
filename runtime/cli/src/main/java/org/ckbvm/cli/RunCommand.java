package org.ckbvm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

import org.ckbvm.error.VmException;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run [--version 0|1|2] [--isa LIST] [--cost-model ckb|unit] [--max-cycles N] [--json]
 * [--source PATH ...] [--snapshot-out FILE [--snapshot-kind v1|v2]] ELF [ARGS...]}, or with
 * {@code --db DIR --tx HASH [--owner X] [--block N]} instead of {@code --snapshot-out}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Load an ELF and run it to exit, error or the cycle limit. "
                + "The process status is the program's exit code (unsigned byte); "
                + "1 on a VM error, 3 when the cycle limit stops it.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    MachineOptions machineOptions;

    @Mixin
    EngineOption engineOption;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Mixin
    StoreTarget storeTarget;

    @Option(names = "--owner", description = "With --db: who the stored execution belongs to (default: empty).")
    String owner = "";

    @Option(names = "--block", paramLabel = "HEIGHT", description = "With --db: the block height to record as created-at.")
    Long block;

    @Option(names = "--max-cycles", description = "Cycle limit, an unsigned 64-bit number (default: no limit).")
    String maxCycles;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Parameters(index = "0", paramLabel = "ELF", description = "The RISC-V ELF64 program.")
    Path elf;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's argv, exactly (no program name is added).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (storeTarget.enabled()) {
            return runIntoStore();
        }
        return runToFile();
    }

    private Integer runToFile() throws IOException {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(elf));
        List<SourceId> txSources = sourceOptions.addTo(blobs);
        List<byte[]> argv = new ArrayList<>();
        for (String arg : args) {
            argv.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        SuspendableMachine sm = SuspendableMachine.create(machineOptions.toConfig(), blobs, txSources,
                System.err::println, List.of());
        sm.machine().setEngine(engineOption.engine());
        RunResult result;
        try {
            sm.loadProgram(program, argv);
            result = sm.run(maxCycles == null ? -1L : Long.parseUnsignedLong(maxCycles));
        } catch (VmException e) {
            result = new RunResult.Failed(e.error());
        }
        return SegmentReport.finish(sm, result, snapshotOptions, json, -1);
    }

    /**
     * {@code --db DIR --tx HASH}: a stop on the cycle limit is stored under HASH (refused if an
     * execution is already stored there: resume or delete it first); a finished run stores nothing.
     */
    private Integer runIntoStore() throws Exception {
        TxHash tx = storeTarget.txHash();
        if (snapshotOptions.snapshotOut != null) {
            throw new IllegalArgumentException("--snapshot-out and --db are alternatives");
        }
        try (SnapshotStore store = storeTarget.open(true)) {
            if (store.contains(tx)) {
                throw new IllegalArgumentException("an execution of " + tx + " is already suspended in " + storeTarget.db
                        + "; resume or delete it");
            }
            InMemoryDataSource blobs = new InMemoryDataSource();
            SourceId program = blobs.add(Files.readAllBytes(elf));
            List<SourceId> txSources = sourceOptions.addTo(blobs);
            List<byte[]> argv = new ArrayList<>();
            for (String arg : args) {
                argv.add(arg.getBytes(StandardCharsets.UTF_8));
            }
            SuspendableMachine sm = SuspendableMachine.create(machineOptions.toConfig(), blobs, txSources,
                    System.err::println, List.of());
            RunResult result;
            long limit = maxCycles == null ? -1L : Long.parseUnsignedLong(maxCycles);
            try {
                sm.loadProgram(program, argv);
                result = sm.run(limit);
            } catch (VmException e) {
                result = new RunResult.Failed(e.error());
            }
            ExecutionMetadata metadata = new ExecutionMetadata(owner, java.time.Instant.now().getEpochSecond(),
                    block == null ? OptionalLong.empty() : OptionalLong.of(block), limit, 1);
            return SegmentReport.finish(sm, result, snapshotOptions, json, -1,
                    StoreSteps.suspendOrNothing(store, tx, metadata, blobs, snapshotOptions.kind()));
        }
    }
}
