package org.ckbvm.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.ckbvm.elf.ElfLoader;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.syscall.BasicSyscalls;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replays {@code testvectors/programs/expectations.json}: every program of ours under the
 * versions, ISA profiles and cost models it lists, checking status, exit code, error kind and,
 * where given, cycles.
 */
class ProgramExpectationsTest {

    record Outcome(String status, Integer exitCode, Long cycles, String error) {}

    static Outcome run(JsonNode entry) throws IOException {
        Path root = TestVectors.root();
        byte[] elf = Files.readAllBytes(root.resolve(entry.get("elf").asText()));
        long memory = entry.path("memory_size").isNumber() ? entry.get("memory_size").asLong() : Memory.DEFAULT_SIZE;
        MachineConfig config = new MachineConfig(entry.get("version").asInt(), IsaFlags.parse(entry.get("isa").asText()),
                CostModel.parse(entry.get("cost_model").asText()), memory);
        Machine machine = new Machine(config).addSyscalls(new BasicSyscalls(message -> { }, 0));
        if (entry.path("max_cycles").isNumber()) {
            machine.setMaxCycles(entry.get("max_cycles").asLong());
        }
        List<byte[]> args = new ArrayList<>();
        entry.path("args").forEach(a -> args.add(a.asText().getBytes(StandardCharsets.UTF_8)));
        try {
            ElfLoader.boot(machine, elf, args);
        } catch (VmException e) {
            return new Outcome("error", null, machine.cycles(), e.error().kind());
        }
        RunResult result = machine.run();
        if (result instanceof RunResult.Exited exited) {
            return new Outcome("exited", exited.exitCode(), machine.cycles(), null);
        } else if (result instanceof RunResult.CyclesExceeded) {
            return new Outcome("cycles_exceeded", null, machine.cycles(), null);
        }
        return new Outcome("error", null, machine.cycles(), ((RunResult.Failed) result).error().kind());
    }

    @TestFactory
    Stream<DynamicTest> everyExpectationHolds() throws IOException {
        Path file = TestVectors.root().resolve("programs").resolve("expectations.json");
        JsonNode entries = new ObjectMapper().readTree(file.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : entries) {
            String label = entry.get("name").asText() + " v" + entry.get("version").asInt() + " "
                    + entry.get("isa").asText() + " " + entry.get("cost_model").asText();
            tests.add(DynamicTest.dynamicTest(label, () -> {
                Outcome actual = run(entry);
                JsonNode expect = entry.get("expect");
                String why = entry.path("why").asText();
                assertEquals(expect.get("status").asText(), actual.status(), "status: " + why + " " + actual);
                if (expect.path("exit_code").isNumber()) {
                    assertEquals(expect.get("exit_code").asInt(), actual.exitCode(), "exit code: " + why);
                }
                if (expect.path("error").isTextual()) {
                    assertEquals(expect.get("error").asText(), actual.error(), "error kind: " + why);
                }
                if (expect.path("cycles").isNumber()) {
                    assertEquals(expect.get("cycles").asLong(), actual.cycles(), "cycles: " + why);
                }
            }));
        }
        return tests.stream();
    }
}
