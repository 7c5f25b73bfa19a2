package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code run} of a version-1 or version-2 script goes through the scheduler; for a script that never
 * spawns or execs it prints exactly what one machine prints. Every such entry of expectations.json is run both
 * ways: plainly (the scheduler) and with {@code --snapshot-out} (one machine, as {@code run} was
 * before), and the JSON must be equal field for field but the snapshot file's own fields.
 */
class SingleVmRunEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TestFactory
    List<DynamicTest> everyVersion1And2ProgramPrintsWhatOneMachinePrints() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : JSON.readTree(TestVectors.root().resolve("programs/expectations.json").toFile())) {
            if (e.get("version").asInt() == 0) {
                continue;
            }
            List<String> options = new ArrayList<>(List.of("--json", "--machine-version", e.get("version").asText(), "--isa",
                    e.get("isa").asText(), "--cost-model", e.get("cost_model").asText()));
            if (e.path("memory_size").isNumber()) {
                options.addAll(List.of("--memory", e.get("memory_size").asText()));
            }
            if (e.path("max_cycles").isNumber()) {
                options.addAll(List.of("--max-cycles", e.get("max_cycles").asText()));
            }
            e.path("sources").forEach(s -> options.addAll(List.of("--source", TestVectors.root().resolve(s.asText()).toString())));
            List<String> guest = new ArrayList<>();
            guest.add(TestVectors.root().resolve(e.get("elf").asText()).toString());
            e.path("args").forEach(a -> guest.add(a.asText()));
            tests.add(DynamicTest.dynamicTest(e.get("name").asText(), () -> {
                List<String> scheduled = new ArrayList<>(List.of("run"));
                scheduled.addAll(options);
                scheduled.addAll(guest);
                List<String> single = new ArrayList<>(List.of("run", "--snapshot-out", dir.resolve("s").toString()));
                single.addAll(options);
                single.addAll(guest);
                CliRun a = CliRun.of(scheduled);
                CliRun b = CliRun.of(single);
                assertEquals(b.status(), a.status(), a + "\n" + b);
                ObjectNode one = (ObjectNode) JSON.readTree(b.out());
                one.remove(List.of("snapshot", "snapshot_metrics"));
                assertEquals(one, JSON.readTree(a.out()), a.toString());
                assertEquals(b.err(), a.err(), "debug output");
            }));
        }
        return tests;
    }
}
