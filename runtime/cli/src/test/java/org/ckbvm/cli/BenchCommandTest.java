package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} away from the repository: with no testvectors folder to read, the built-in
 * programs come from the jar (BundledPrograms), and the run ends as on the interpreter.
 */
class BenchCommandTest {
    @Test
    void builtInProgramsRunWithoutTheRepository(@TempDir Path empty) {
        CliRun run = CliRun.of("bench", "--testvectors", empty.toString(), "--engine", "interp", "--warmup", "0",
                "--runs", "1", "--no-qemu", "--no-native", "fib:12", "sha256:2");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("fib 12") && run.out().contains("sha256 2"), run.out());
        assertTrue(run.out().contains("exited with code 0"), run.out());
    }
}
