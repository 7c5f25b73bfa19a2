package org.ckbvm.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The committed vectors against what is known independently of our machine: CKB-VM's published
 * numbers (docs/CKB_VM.md §6 and §9) and every field expectations.json asserts. The vectors
 * add far more than these (every cycle count, pc and root), but these are the ones with an
 * outside source.
 */
class VectorFactsTest {
    private static final Map<String, Vector> VECTORS = new TreeMap<>();

    @BeforeAll
    static void load() throws IOException {
        for (Path p : VectorChecker.files(VectorsVerifyTest.dir())) {
            for (Vector v : VectorJson.read(Files.readString(p, StandardCharsets.UTF_8))) {
                VECTORS.put(v.name(), v);
            }
        }
    }

    @Test
    void alwaysSuccessCostsWhatCkbAsserts() {
        // ckb ALWAYS_SUCCESS_SCRIPT_CYCLE = 537 on V0; ckb asserts 537 + 2 on V1/V2 (docs/CKB_VM.md §6)
        assertFinal("always_success/v0_imc/ckb", 0, 537);
        assertFinal("always_success/v1_imc_b_mop/ckb", 0, 539);
        assertFinal("always_success/v2_imc_b_mop/ckb", 0, 539);
        // and every way of splitting it ends the same
        assertFinal("always_success/v0_imc/ckb@split", 0, 537);
        assertFinal("always_success/v2_imc_b_mop/ckb@split", 0, 539);
        // load cost alone: ceil((130 + 8) / 4) = 35 on V0, ceil((130 + 16) / 4) = 37 on V1+
        assertEquals(35L, VECTORS.get("always_success/v0_imc/ckb").load().cycles());
        assertEquals(37L, VECTORS.get("always_success/v2_imc_b_mop/ckb").load().cycles());
    }

    private static void assertFinal(String name, int exitCode, long cycles) {
        Vector v = VECTORS.get(name);
        assertNotNull(v, name);
        assertEquals(Outcome.Status.EXITED, v.fin().status(), name);
        assertEquals(exitCode, v.fin().exitCode(), name);
        assertEquals(cycles, v.fin().cycles(), name);
    }

    @Test
    void everyVectorAgreesWithExpectationsJson() throws IOException {
        JsonNode entries = new ObjectMapper().readTree(
                TestVectors.root().resolve("programs").resolve("expectations.json").toFile());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode e : entries) {
            String name = e.get("name").asText();
            for (String vectorName : List.of(name, name + VectorGenerator.SPLIT_SUFFIX)) {
                Vector v = VECTORS.get(vectorName);
                if (v == null) {
                    if (vectorName.equals(name)) {
                        problems.add(name + ": no vector");
                    }
                    continue;
                }
                checked++;
                // a one-shot vector with a limit that stops the run is continued: its first segment
                // is what the entry describes
                Outcome o = v.segments().isEmpty() ? v.fin() : v.segments().get(0).expect();
                if (vectorName.endsWith(VectorGenerator.SPLIT_SUFFIX)) {
                    o = v.fin();
                    if (name.startsWith("v_trace_alias/") && e.get("version").asInt() < 2) {
                        continue; // resuming empties the trace cache the V0/V1 alias needs (README)
                    }
                }
                JsonNode x = e.get("expect");
                check(problems, vectorName, "status", x.get("status").asText(), o.status().id());
                if (x.path("exit_code").isNumber()) {
                    check(problems, vectorName, "exit_code", x.get("exit_code").asInt(), o.exitCode());
                }
                if (x.path("error").isTextual()) {
                    check(problems, vectorName, "error", x.get("error").asText(), o.error());
                }
                if (x.path("cycles").isNumber()) {
                    check(problems, vectorName, "cycles", x.get("cycles").asLong(), o.cycles());
                }
                if (x.path("pc").isTextual()) {
                    check(problems, vectorName, "pc", x.get("pc").asText(), Outcome.hex(o.pc()));
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 600, "checked " + checked);
    }

    private static void check(List<String> problems, String name, String field, Object want, Object got) {
        if (!want.equals(got)) {
            problems.add(name + " " + field + ": expectations.json says " + want + ", the vector " + got);
        }
    }

    @Test
    void splitVectorsEndWhereTheirOneShotEnds() {
        int compared = 0;
        for (Vector v : VECTORS.values()) {
            String name = v.name();
            if (!name.endsWith(VectorGenerator.SPLIT_SUFFIX) || name.startsWith("v_trace_alias/v0")
                    || name.startsWith("v_trace_alias/v1")) {
                continue;
            }
            Vector whole = VECTORS.get(name.substring(0, name.length() - VectorGenerator.SPLIT_SUFFIX.length()));
            assertEquals(whole.fin(), v.fin(), name);
            assertTrue(v.segments().size() >= 2, name + " is split");
            compared++;
        }
        assertTrue(compared > 250, "compared " + compared);
    }

    @Test
    void coverage() {
        // every program of ours has vectors, and the awkward budgets occur
        long programs = VECTORS.values().stream().map(v -> v.spec().program().path()).distinct().count();
        assertTrue(programs >= 95, "programs: " + programs);
        assertTrue(notes("first syscall") >= 10);
        assertTrue(notes("fused group") >= 50);
        assertTrue(notes("one cycle short of the end") >= 250);
        assertTrue(notes("exactly the cycles of the end") >= 250);
        assertTrue(VECTORS.values().stream().anyMatch(v -> v.load().status() == Outcome.Status.ERROR),
                "load errors covered");
        assertTrue(VECTORS.values().stream().anyMatch(v -> v.load().status() == Outcome.Status.LOADED
                && v.fin().status() == Outcome.Status.ERROR), "run errors covered");
        for (int version = 0; version <= 2; version++) {
            int ver = version;
            assertTrue(VECTORS.values().stream().anyMatch(v -> v.spec().config().version() == ver));
        }
    }

    private static long notes(String text) {
        return VECTORS.values().stream().flatMap(v -> v.segments().stream())
                .filter(s -> s.note() != null && s.note().contains(text)).count();
    }
}
