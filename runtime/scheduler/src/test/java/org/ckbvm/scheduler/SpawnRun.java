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
 * writes from EXPECTED.md's table) or of {@code programs/exec_v1/expected.json} (what
 * {@code execmodel.py --json} writes): a program of {@code testvectors/elf/} run as the root VM of a
 * script of that version (2, or 1 for exec_v1) with its sources as cell deps and its argv, and the
 * model's outcome.
 */
record SpawnRun(int version, String program, List<String> args, List<String> sources, String status,
                Integer exitCode, String error, long cycles, int suspends, int resumes) {

    /** The version-2 runs of spawn/expected.json. */
    static List<SpawnRun> all() {
        return read("programs/spawn/expected.json", 2);
    }

    /** The version-1 runs of exec_v1/expected.json (in-place exec). */
    static List<SpawnRun> execV1() {
        return read("programs/exec_v1/expected.json", 1);
    }

    private static List<SpawnRun> read(String file, int version) {
        try {
            JsonNode root = new ObjectMapper().readTree(TestVectors.root().resolve(file).toFile());
            List<SpawnRun> runs = new ArrayList<>();
            for (JsonNode n : root) {
                List<String> args = new ArrayList<>();
                n.get("args").forEach(a -> args.add(a.asText()));
                List<String> sources = new ArrayList<>();
                n.get("sources").forEach(a -> sources.add(a.asText()));
                runs.add(new SpawnRun(version, n.get("program").asText(), args, sources, n.get("status").asText(),
                        n.has("exit_code") ? n.get("exit_code").asInt() : null,
                        n.has("error") ? n.get("error").asText() : null, n.get("cycles").asLong(),
                        n.path("suspends").asInt(), n.path("resumes").asInt()));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String label() {
        return (version == 2 ? "" : "v" + version + " ") + program + (args.isEmpty() ? "" : " " + String.join(" ", args));
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
        return ScriptEnvironment.of(MachineConfig.defaults().withVersion(version), blobs, program, ids).withRootArgs(argv).withEngine(engine);
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
