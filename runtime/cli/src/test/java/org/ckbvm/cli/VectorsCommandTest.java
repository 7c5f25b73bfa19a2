package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vectors verify}: one line per vector, the exact summary line, and the exit status. */
class VectorsCommandTest {

    /** A testvectors-like folder: the real elf/ and a vectors/ folder holding copies of some files. */
    private static Path sandbox(Path tmp, String... files) throws IOException {
        Files.createSymbolicLink(tmp.resolve("elf"), TestVectors.root().resolve("elf"));
        Path vectors = Files.createDirectories(tmp.resolve("vectors"));
        for (String f : files) {
            Files.copy(TestVectors.root().resolve("vectors").resolve(f), vectors.resolve(f));
        }
        return vectors;
    }

    @Test
    void passingVectorsExitZero(@TempDir Path tmp) throws IOException {
        Path dir = sandbox(tmp, "always_success.json", "exit0.json");
        CliRun run = CliRun.of("vectors", "verify", dir.toString());
        assertEquals(0, run.status(), run.out());
        long lines = run.out().lines().filter(l -> l.startsWith("PASS ")).count();
        assertEquals(lines + " passed, 0 failed", run.lastLine());
        assertTrue(run.out().contains("PASS always_success/v0_imc/ckb\n"), run.out());
    }

    @Test
    void aChangedExpectationFailsAndExitsNonZero(@TempDir Path tmp) throws IOException {
        Path dir = sandbox(tmp, "always_success.json");
        Path file = dir.resolve("always_success.json");
        // 537 cycles on V0 becomes 536 in the first vector (its segment, then its final)
        String text = Files.readString(file);
        String from = "\"status\": \"exited\", \"exit_code\": 0, \"cycles\": 537,";
        String to = "\"status\": \"exited\", \"exit_code\": 0, \"cycles\": 536,";
        String broken = text.replaceFirst(from, to).replaceFirst(from, to);
        assertTrue(!broken.equals(text));
        Files.writeString(file, broken);
        CliRun run = CliRun.of("vectors", "verify", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.out().contains("FAIL always_success/v0_imc/ckb: segment 1 (max_cycles null): cycles: expected 536, got 537"),
                run.out());
        assertTrue(run.lastLine().matches("\\d+ passed, 1 failed"), run.lastLine());
    }

    @Test
    void aChangedProgramIsNamed(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("elf"));
        Path vectors = Files.createDirectories(tmp.resolve("vectors"));
        Files.copy(TestVectors.root().resolve("vectors").resolve("exit0.json"), vectors.resolve("exit0.json"));
        byte[] elf = Files.readAllBytes(TestVectors.elf("exit0"));
        elf[elf.length - 1] ^= 1;
        Files.write(tmp.resolve("elf").resolve("exit0"), elf);
        CliRun run = CliRun.of("vectors", "verify", vectors.toString());
        assertEquals(1, run.status());
        assertTrue(run.out().contains("elf/exit0 hashes to"), run.out());
        assertTrue(run.lastLine().startsWith("0 passed, "), run.lastLine());
    }

    @Test
    void anUnreadableFileIsAFailureNotACrash(@TempDir Path tmp) throws IOException {
        Path dir = sandbox(tmp);
        Files.writeString(dir.resolve("bad.json"), "{\"format\": \"ckbvm-vectors/1\", \"vectors\": [{\"name\": \"x\"}]}");
        CliRun run = CliRun.of("vectors", "verify", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.out().contains("FAIL bad.json: unreadable: x: missing field"), run.out());
        assertEquals("0 passed, 1 failed", run.lastLine());
    }
}
