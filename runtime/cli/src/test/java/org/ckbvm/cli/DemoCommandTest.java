package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo completes, matches its vector, and goes on from the head when run again. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDemoCompletesMatchesItsVectorAndContinuesOnTheSameChain() {
        String db = dir.resolve("chain").toString();
        CliRun first = CliRun.of("demo", "--db", db, "--budget", "2000000");
        assertEquals(0, first.status(), first.out());
        assertTrue(first.out().contains("matches test vector"), first.out());
        assertTrue(first.out().contains("100%"), "the progress ends at 100%");
        CliRun second = CliRun.of("demo", "--db", db, "--budget", "2000000");
        assertEquals(0, second.status(), second.out());
        assertTrue(second.out().contains("chain state at block 6"), second.out());
    }

    @Test
    void aZeroBudgetIsAUsageErrorNotAnEndlessLoop() {
        assertEquals(2, CliRun.of("demo", "--db", dir.resolve("zero").toString(), "--budget", "0").status());
    }
}
