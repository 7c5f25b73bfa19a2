package org.ckbvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Jazzer's log through {@link QuietTestLog}'s filter: its instrumentation chatter goes, the rest stays. */
class QuietTestLogTest {
    @Test
    void instrumentationLinesAreDroppedAndEverythingElsePasses() {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new QuietTestLog.LineFilter(
                new PrintStream(seen, true, StandardCharsets.UTF_8)), true, StandardCharsets.UTF_8);
        // as Jazzer's Log.println writes: the prefix, then the message
        err.print("INFO: ");
        err.println("Instrumented org.ckbvm.X (took 1 ms, size +5%)");
        err.print("INFO: ");
        err.println("Loaded 8 hooks from com.code_intelligence.jazzer.sanitizers.RegexInjection");
        err.print("WARN: ");
        err.println("something a developer must see");
        err.println("== Java Exception: a finding");
        err.println("\tat org.ckbvm.Y.z(Y.java:1)");
        err.print("INFO: ");
        err.println("Using inputs from seeds");
        assertEquals("WARN: something a developer must see\n== Java Exception: a finding\n\tat org.ckbvm.Y.z(Y.java:1)\n"
                + "INFO: Using inputs from seeds\n", seen.toString(StandardCharsets.UTF_8));
    }
}
