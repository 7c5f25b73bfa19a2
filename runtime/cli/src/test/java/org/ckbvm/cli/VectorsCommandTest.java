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

    /** The sandbox plus copies of some multi-VM vector files in vectors/spawn/. */
    private static Path withSpawn(Path vectors, String... files) throws IOException {
        Path spawn = Files.createDirectories(vectors.resolve("spawn"));
        for (String f : files) {
            Files.copy(TestVectors.root().resolve("vectors/spawn").resolve(f), spawn.resolve(f));
        }
        return spawn;
    }

    @Test
    void theSummaryCountsSingleAndMultiVmVectors(@TempDir Path tmp) throws IOException {
        Path dir = sandbox(tmp, "exit0.json");
        withSpawn(dir, "spawn_simple.json");
        CliRun run = CliRun.of("vectors", "verify", dir.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("PASS spawn_simple\nPASS spawn_simple@split\n"), run.out());
        long single = run.out().lines().filter(l -> l.startsWith("PASS exit0/")).count();
        assertTrue(single > 0, run.out());
        assertEquals((single + 2) + " passed, 0 failed", run.lastLine());
    }

    @Test
    void aChangedMultiVmExpectationFails(@TempDir Path tmp) throws IOException {
        Path dir = sandbox(tmp);
        Path file = withSpawn(dir, "spawn_simple.json").resolve("spawn_simple.json");
        // the split vector's first stop: VM 1 is said to wait for VM 0 instead of being runnable
        String text = Files.readString(file);
        String from = "{\"id\": 1, \"state\": {\"kind\": \"runnable\"}";
        String to = "{\"id\": 1, \"state\": {\"kind\": \"wait\", \"target\": 0, \"exit_code_addr\": \"0x0\"}";
        assertTrue(text.contains(from));
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
        CliRun run = CliRun.of("vectors", "verify", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.out().contains("FAIL spawn_simple@split: segment 1 (max_cycles 9771): vms[1].state: expected "
                + "{\"kind\": \"wait\""), run.out());
        assertEquals("1 passed, 1 failed", run.lastLine());
    }
}
