package org.ckbvm.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.ProgramEntry;
import org.ckbvm.TestVectors;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.SuspendableMachine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replays {@code testvectors/programs/expectations.json}: every program of ours under the
 * versions, ISA profiles, cost models and sources it lists, checking status, exit code, error
 * kind and, where given, cycles and pc.
 */
class ProgramExpectationsTest {

    record Outcome(String status, Integer exitCode, long cycles, String error, long pc) {}

    static Outcome run(ProgramEntry entry) {
        SuspendableMachine sm = entry.create();
        Machine machine = sm.machine();
        RunResult result;
        try {
            sm.loadProgram(entry.program(), entry.args());
            result = sm.run(entry.maxCycles());
        } catch (VmException e) {
            result = new RunResult.Failed(e.error());
        }
        if (result instanceof RunResult.Exited exited) {
            return new Outcome("exited", exited.exitCode(), machine.cycles(), null, machine.pc());
        } else if (result instanceof RunResult.CyclesExceeded) {
            return new Outcome("cycles_exceeded", null, machine.cycles(), null, machine.pc());
        }
        return new Outcome("error", null, machine.cycles(), ((RunResult.Failed) result).error().kind(), machine.pc());
    }

    static List<JsonNode> entries() throws IOException {
        Path file = TestVectors.root().resolve("programs").resolve("expectations.json");
        List<JsonNode> list = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).forEach(list::add);
        return list;
    }

    @TestFactory
    Stream<DynamicTest> everyExpectationHolds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode json : entries()) {
            ProgramEntry entry = ProgramEntry.of(json);
            tests.add(DynamicTest.dynamicTest(entry.label(), () -> {
                Outcome actual = run(entry);
                JsonNode expect = json.get("expect");
                String why = json.path("why").asText();
                assertEquals(expect.get("status").asText(), actual.status(), "status: " + why + " " + actual);
                if (expect.path("exit_code").isNumber()) {
                    assertEquals(expect.get("exit_code").asInt(), actual.exitCode(), "exit code: " + why);
                }
                if (expect.path("error").isTextual()) {
                    assertEquals(expect.get("error").asText(), actual.error(), "error kind: " + why);
                }
                if (expect.path("pc").isTextual()) {
                    assertEquals(Long.parseUnsignedLong(expect.get("pc").asText().substring(2), 16), actual.pc(),
                            "pc: " + why);
                }
                if (expect.path("cycles").isNumber()) {
                    assertEquals(expect.get("cycles").asLong(), actual.cycles(), "cycles: " + why);
                }
            }));
        }
        return tests.stream();
    }
}
