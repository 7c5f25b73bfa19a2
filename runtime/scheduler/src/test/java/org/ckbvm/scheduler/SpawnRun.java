package org.ckbvm.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of {@code testvectors/programs/spawn/expected.json} (what {@code schedmodel.py --json}
 * writes from EXPECTED.md's table): a program of {@code testvectors/elf/} run as the root VM of a
 * version-2 script with its sources as cell deps and its argv, and the model's outcome.
 */
record SpawnRun(String program, List<String> args, List<String> sources, String status, Integer exitCode,
                String error, long cycles, int suspends, int resumes) {

    static List<SpawnRun> all() {
        try {
            JsonNode root = new ObjectMapper().readTree(
                    TestVectors.root().resolve("programs/spawn/expected.json").toFile());
            List<SpawnRun> runs = new ArrayList<>();
            for (JsonNode n : root) {
                List<String> args = new ArrayList<>();
                n.get("args").forEach(a -> args.add(a.asText()));
                List<String> sources = new ArrayList<>();
                n.get("sources").forEach(a -> sources.add(a.asText()));
                runs.add(new SpawnRun(n.get("program").asText(), args, sources, n.get("status").asText(),
                        n.has("exit_code") ? n.get("exit_code").asInt() : null,
                        n.has("error") ? n.get("error").asText() : null, n.get("cycles").asLong(),
                        n.get("suspends").asInt(), n.get("resumes").asInt()));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String label() {
        return program + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    /** The run's environment under {@code engine}: the program blob, the sources, the argv. */
    ScriptEnvironment environment(Engine engine) {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(read("elf/" + this.program));
        List<SourceId> ids = new ArrayList<>();
        for (String s : sources) {
            ids.add(blobs.add(read(s)));
        }
        List<byte[]> argv = args.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
        return ScriptEnvironment.of(MachineConfig.defaults(), blobs, program, ids).withRootArgs(argv).withEngine(engine);
    }

    /** The model's outcome, as {@link #outcome} prints a result. */
    String expected() {
        return status.equals("exited") ? "exited " + exitCode + " cycles=" + cycles : "error " + error + " cycles=" + cycles;
    }

    static String outcome(ScriptResult result) {
        if (result instanceof ScriptResult.Exited e) {
            return "exited " + e.exitCode() + " cycles=" + e.cycles();
        }
        if (result instanceof ScriptResult.Failed f) {
            return "error " + f.error().kind() + " cycles=" + f.cycles();
        }
        return "suspended cycles=" + result.cycles();
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(TestVectors.root().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
