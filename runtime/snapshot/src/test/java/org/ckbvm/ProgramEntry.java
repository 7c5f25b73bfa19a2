package org.ckbvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of {@code testvectors/programs/expectations.json}: how to boot the program it names. */
public record ProgramEntry(String label, MachineConfig config, InMemoryDataSource blobs, SourceId program,
                           List<SourceId> sources, List<byte[]> args, JsonNode json) {

    public static ProgramEntry of(JsonNode entry) throws IOException {
        long memory = entry.path("memory_size").isNumber() ? entry.get("memory_size").asLong() : Memory.DEFAULT_SIZE;
        MachineConfig config = new MachineConfig(entry.get("version").asInt(), IsaFlags.parse(entry.get("isa").asText()),
                CostModel.parse(entry.get("cost_model").asText()), memory);
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(TestVectors.root().resolve(entry.get("elf").asText())));
        List<SourceId> sources = new ArrayList<>();
        for (JsonNode source : entry.path("sources")) {
            sources.add(blobs.add(Files.readAllBytes(TestVectors.root().resolve(source.asText()))));
        }
        List<byte[]> args = new ArrayList<>();
        entry.path("args").forEach(a -> args.add(a.asText().getBytes(StandardCharsets.UTF_8)));
        String label = entry.get("name").asText() + " v" + config.version() + " " + IsaFlags.format(config.isa())
                + " " + config.costModel().id();
        return new ProgramEntry(label, config, blobs, program, sources, args, entry);
    }

    /** The cycle limit the entry sets, or u64::MAX. */
    public long maxCycles() {
        return json.path("max_cycles").isNumber() ? json.get("max_cycles").asLong() : -1L;
    }

    /** A machine with sources, before the program is loaded (loading may fail: call loadProgram). */
    public SuspendableMachine create() {
        return SuspendableMachine.create(config, blobs, sources, message -> { }, List.of());
    }

    public SuspendableMachine boot() {
        SuspendableMachine sm = create();
        sm.loadProgram(program, args);
        return sm;
    }
}
