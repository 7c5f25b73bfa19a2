package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.Test;

/**
 * The root's exit is final even when the iteration it exits in passes the budget through the
 * scheduler's own charges (suspends and resumes of 100,000 in that iteration): the run ends Exited
 * with the total, as a VM error ends Failed (docs/SPAWN.md §11). Before, such a run ended
 * Suspended with the root terminated, a state the format cannot hold, and encoding it threw.
 * {@link SchedulerFuzzTest} found it; the input is {@code crash-2f9dd478...} in its inputs.
 */
class RootExitPastTheBudgetTest {
    /** The fuzzer's input: a root that spawns itself, pipes, writes, reads and waits. */
    private static final byte[] FOUND = Base64.getDecoder().decode(
            "Cv//CgsMAAADAAADAQADAiYDAwAIAAMAACAAGAAAAAAAAAAAAAAAAAAAAAAAEAEnAAAAADgsKwAAAAAGBw==");

    private static ScriptEnvironment environment() {
        byte[] elf = SchedulerFuzzTest.program(FOUND);
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(elf);
        List<SourceId> sources = List.of(program, blobs.add(SchedulerFuzzTest.CHILD), blobs.add(new byte[] {0}));
        return ScriptEnvironment.of(MachineConfig.defaults(), blobs, program, sources).withEngine(Engine.INTERP);
    }

    @Test
    void anExitWhoseIterationPassesTheBudgetIsTheEnd() throws Exception {
        ScriptEnvironment env = environment();
        ScriptResult.Exited full = assertInstanceOf(ScriptResult.Exited.class, Scheduler.start(env).run(-1L));
        int pastBudget = 0;
        for (long below = 1; below <= 300_001; below += 5_000) {
            Scheduler s = Scheduler.start(env);
            ScriptResult r = s.run(full.cycles() - below);
            if (r instanceof ScriptResult.Exited) {
                pastBudget++;
                assertEquals(full, r, below + " short of the total");
                continue;
            }
            // whatever stops short of the end is a state that encodes and resumes to it
            assertInstanceOf(ScriptResult.Suspended.class, r);
            Scheduler resumed = Scheduler.resume(SchedulerStateCodec.decode(SchedulerStateCodec.encode(s.suspend())), env);
            assertEquals(full, resumed.run(-1L), below + " short of the total, resumed");
        }
        assertTrue(pastBudget > 0, "the root never exited in an iteration whose charges passed the budget");
    }
}
