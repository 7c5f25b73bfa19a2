package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resume FILE --max-cycles M [--source PATH ...] [--snapshot-out FILE2] [--snapshot-kind v1|v2] [--json]}.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a snapshot on a fresh machine with a new absolute cycle limit M "
                + "(CKB-VM set_max_cycles). Pass the run's blobs again with --source, the program included.")
final class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A snapshot written by run or resume.")
    Path file;

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
    public Integer call() throws IOException {
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
