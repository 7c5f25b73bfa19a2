package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ckbvm.machine.Engine;
import org.junit.jupiter.api.Test;

/**
 * A run whose last iteration's suspend/resume charges passed its limit stops with the total past
 * the limit and no VM in the middle of its run. Run again with a limit that is still below that
 * total, the scheduler must not start an iteration (its process_io and instantiations would change
 * the state): one uninterrupted run with that limit stopped right there. SchedulerFuzzTest found a
 * split that ended elsewhere than the one-shot run (its input is {@code crash-3a620591...}).
 */
class LimitAlreadyPassedTest {

    @Test
    void aLimitBelowTheTotalChangesNothing() {
        int found = 0;
        for (SpawnRun run : SpawnRun.all()) {
            if (run.suspends() == 0 || !run.status().equals("exited")) {
                continue;
            }
            ScriptEnvironment env = run.environment(Engine.INTERP);
            for (long budget = 0; budget < run.cycles() && found < 40; budget += 9_973) {
                Scheduler s = Scheduler.start(env);
                ScriptResult r = s.run(budget);
                if (!(r instanceof ScriptResult.Suspended) || r.cycles() <= budget + 1
                        || s.suspend().runningVm().isPresent()) {
                    continue;
                }
                found++;
                byte[] before = SchedulerStateCodec.encode(s.suspend());
                long between = budget + (r.cycles() - budget) / 2;
                assertEquals(r, s.run(between), run.label() + ": run again with " + between);
                assertArrayEquals(before, SchedulerStateCodec.encode(s.suspend()), run.label() + ": the state changed");
                // and with it, a one-shot run to the end equals the uninterrupted one
                assertEquals(run.expected(), SpawnRun.outcome(s.run(-1L)));
            }
        }
        assertTrue(found > 0, "no stop had its iteration's charges past the limit");
    }
}
