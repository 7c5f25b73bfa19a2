package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The `chain` command contract: generate, run, log, prove, verify-proof, audit, export and import. */
class ChainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void generateRunLogProveAuditAndTransfer() throws Exception {
        Path file = dir.resolve("chain.json");
        assertEquals(0, CliRun.of("chain", "generate", "--seed", "5", "--blocks", "12", "--out", file.toString()).status());
        Path again = dir.resolve("again.json");
        CliRun.of("chain", "generate", "--seed", "5", "--blocks", "12", "--out", again.toString());
        assertEquals(Files.readString(file), Files.readString(again), "same seed, same file");

        Path db = dir.resolve("db");
        CliRun run = CliRun.of("chain", "run", "--db", db.toString(), "--blocks", file.toString(), "--engine", "interp");
        assertEquals(0, run.status(), run.out());
        CliRun log = CliRun.of("chain", "log", "--db", db.toString());
        assertEquals(0, log.status());
        List<String> lines = log.out().strip().lines().toList();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals(lines.size(), last.get("number").asInt());
        for (String field : List.of("hash", "root", "receipts")) {
            assertTrue(last.get(field).asText().matches("0x[0-9a-f]{64}"), field);
        }
        // run again: nothing left to play, the same log
        assertEquals(0, CliRun.of("chain", "run", "--db", db.toString(), "--blocks", file.toString()).status());
        assertEquals(log.out(), CliRun.of("chain", "log", "--db", db.toString()).out());

        CliRun audit = CliRun.of("chain", "audit", "--db", db.toString(), "--blocks", file.toString());
        assertEquals(0, audit.status(), audit.out());
        assertTrue(audit.lastLine().matches("\\d+ passed, 0 failed"), audit.lastLine());

        // an account proof of the first sender of the file, and an absent execution
        String absent = "0x" + "ab".repeat(32);
        CliRun proof = CliRun.of("chain", "prove", "--db", db.toString(), "--execution", absent);
        assertEquals(0, proof.status());
        JsonNode p = JSON.readTree(proof.out());
        assertEquals(false, p.get("present").asBoolean());
        assertEquals(last.get("root").asText(), p.get("root").asText());
        Path proofFile = dir.resolve("proof.json");
        Files.writeString(proofFile, proof.out());
        assertEquals(0, CliRun.of("chain", "verify-proof", proofFile.toString()).status());
        assertEquals(1, CliRun.of("chain", "verify-proof", proofFile.toString(), "--root", "0x" + "00".repeat(32)).status());

        // a suspended execution: proven present with its record, exported and imported back
        String execution = audit.out().lines().filter(l -> l.startsWith("ok   0x")).map(l -> l.substring(5).trim())
                .findFirst().orElseThrow(() -> new AssertionError("the chain left no suspended execution"));
        CliRun present = CliRun.of("chain", "prove", "--db", db.toString(), "--execution", execution);
        JsonNode pp = JSON.readTree(present.out());
        assertTrue(pp.get("present").asBoolean());
        assertTrue(pp.has("record"));
        Files.writeString(proofFile, present.out());
        CliRun checked = CliRun.of("chain", "verify-proof", proofFile.toString());
        assertEquals(0, checked.status(), checked.out());
        assertEquals(execution, JSON.readTree(checked.out()).get("execution").asText());
        Path exported = dir.resolve("execution.json");
        assertEquals(0, CliRun.of("chain", "export", "--db", db.toString(), "--execution", execution,
                "--out", exported.toString()).status());
        assertEquals(0, CliRun.of("chain", "import", "--db", db.toString(), exported.toString()).status());
        assertEquals(log.out(), CliRun.of("chain", "log", "--db", db.toString()).out());

        // a bad value names its option
        CliRun bad = CliRun.of("chain", "prove", "--db", db.toString(), "--execution", "0x12");
        assertEquals(2, bad.status());
        assertEquals(2, CliRun.of("chain", "generate", "--seed", "1", "--blocks", "0", "--out", again.toString()).status());
    }

    @Test
    void badFilesAndValuesAreUsageErrorsWithoutAStackTrace() throws Exception {
        Path notJson = Files.writeString(dir.resolve("text.txt"), "not json");
        Path otherJson = Files.writeString(dir.resolve("other.json"), "{\"x\": 1}");
        Path db = dir.resolve("db");
        List<List<String>> calls = List.of(
                List.of("chain", "run", "--db", db.toString(), "--blocks", notJson.toString()),
                List.of("chain", "run", "--db", db.toString(), "--blocks", otherJson.toString()),
                List.of("chain", "run", "--db", db.toString(), "--blocks", dir.resolve("missing.json").toString()),
                List.of("chain", "run", "--db", db.toString(), "--blocks", otherJson.toString(), "--threads", "0"),
                List.of("chain", "run", "--db", db.toString(), "--blocks", otherJson.toString(), "--engine", "warp"),
                List.of("chain", "verify-proof", notJson.toString()),
                List.of("chain", "verify-proof", otherJson.toString()),
                List.of("chain", "import", "--db", db.toString(), notJson.toString()),
                List.of("chain", "log", "--db", dir.resolve("nowhere").toString()),
                List.of("chain", "audit", "--db", dir.resolve("nowhere").toString()));
        for (List<String> call : calls) {
            CliRun r = CliRun.of(call.toArray(String[]::new));
            assertEquals(2, r.status(), String.join(" ", call));
            assertEquals("", r.out(), "nothing on stdout: " + String.join(" ", call));
        }
    }
}
