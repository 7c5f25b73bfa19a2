package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.machine.Engine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every run of EXPECTED.md (testvectors/programs/spawn/, 22 programs, 32 runs) ends as the
 * scheduler model ({@code schedmodel.py}, via {@code expected.json}) says: the root's exit code or
 * the VM error, and the model's cycle total (for an error, the total when it struck).
 */
class SpawnProgramsTest {

    @TestFactory
    Stream<DynamicTest> everyProgramEndsAsTheModelSays() {
        List<SpawnRun> runs = SpawnRun.all();
        return runs.stream().map(run -> DynamicTest.dynamicTest(run.label(), () -> {
            Scheduler scheduler = Scheduler.start(run.environment(Engine.INTERP));
            ScriptResult result = scheduler.run(-1L);
            assertEquals(run.expected(), SpawnRun.outcome(result));
        }));
    }
}
