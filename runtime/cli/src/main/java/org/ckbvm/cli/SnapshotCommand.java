package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ckbvm.isa.IsaFlags;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SnapshotMetrics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code snapshot inspect FILE}: header, page counts, ratios and state root of a snapshot file. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Work with snapshot files.",
        subcommands = {SnapshotCommand.Inspect.class, HelpCommand.class})
final class SnapshotCommand {

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Print a snapshot's header, page counts, ratios and state root.",
                "Exit status: 0, or 2 if FILE is not a snapshot (or another usage error)."})
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "A snapshot written by run or resume.")
        Path file;

        @Mixin
        JsonOption jsonOption;

        @Override
        public Integer call() throws IOException {
            boolean json = jsonOption.json;
            byte[] bytes = Values.readFile("FILE", file);
            Snapshot s;
            try {
                s = SnapshotCodec.decode(bytes);
            } catch (SnapshotFormatException e) {
                throw UsageException.badValue("FILE", file.toString(), "a snapshot written by run or resume; "
                        + e.getMessage());
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
            f.put("format_version", s.header().formatVersion());
            f.put("machine_version", s.header().machineVersion());
            f.put("isa", IsaFlags.format(s.header().isa()));
            f.put("cost_model", s.header().costModel());
            f.put("memory_size", s.header().memorySize());
            f.put("pc", "0x" + Long.toHexString(s.state().pc()));
            f.put("cycles", RunOutcome.unsigned(s.state().cycles()));
            f.put("max_cycles", RunOutcome.unsigned(s.state().maxCycles()));
            f.put("sources", s.sources().stream().map(id -> "0x" + id.toHex()).toList());
            SnapshotMetrics metrics = SnapshotMetrics.of(s, bytes.length, 0);
            f.put("total_pages", metrics.totalPages());
            f.put("dirty_pages", metrics.dirtyPages());
            f.put("source_pages", metrics.sourcePages());
            f.put("dirty_ratio", new java.math.BigDecimal(metrics.dirtyRatio()));
            f.put("source_ratio", new java.math.BigDecimal(metrics.sourceRatio()));
            f.put("encoded_bytes", bytes.length);
            f.put("state_root", "0x" + HexFormat.of().formatHex(s.stateRoot()));
            if (json) {
                Report.json(f);
            } else {
                System.out.print(RunOutcome.text(f));
            }
            return ExitStatus.OK;
        }
    }
}
