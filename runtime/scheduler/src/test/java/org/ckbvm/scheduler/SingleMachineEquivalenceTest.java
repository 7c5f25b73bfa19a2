package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.ckbvm.ProgramEntry;
import org.ckbvm.TestVectors;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A script whose program never yields runs in the scheduler exactly as on one machine, on every
 * version: every program of expectations.json (versions 0, 1 and 2) ends with the same result and
 * cycles, and the root VM's state root equals the single machine's, at the end and at a random
 * budget stop.
 */
class SingleMachineEquivalenceTest {

    private static String single(RunResult r, SuspendableMachine sm) {
        String root = HexFormat.of().formatHex(sm.stateRoot());
        if (r instanceof RunResult.Exited e) {
            return "exited " + e.exitCode() + " cycles=" + sm.machine().cycles() + " " + root;
        }
        if (r instanceof RunResult.Failed f) {
            return "error " + f.error().kind() + " cycles=" + sm.machine().cycles() + " " + root;
        }
        return "suspended cycles=" + sm.machine().cycles() + " " + root;
    }

    private static String scheduled(ScriptResult r, Scheduler s) {
        return SpawnRun.outcome(r) + " " + HexFormat.of().formatHex(s.vmRoots().get(0L));
    }

    /** Once a child was spawned the state is no longer one machine's: a store must keep all of it. */
    @org.junit.jupiter.api.Test
    void aSpawningScriptIsNotOneMachine() {
        SpawnRun run = SpawnRun.all().stream().filter(r -> r.program().equals("spawn_simple")).findFirst()
                .orElseThrow();
        Scheduler s = Scheduler.start(run.environment(Engine.INTERP));
        long budget = run.cycles() / 2;
        assertInstanceOf(ScriptResult.Suspended.class, s.run(budget));
        SchedulerState state = s.suspend();
        assertTrue(state.vms().size() > 1 || state.totalCycles() > 0, state.toString());
        assertEquals(Optional.empty(), state.singleMachine());
        assertEquals(s.cyclesSoFar(), state.cycles());
    }

    @TestFactory
    Stream<DynamicTest> everyProgramRunsAsOnOneMachine() throws IOException {
        JsonNode entries = new ObjectMapper().readTree(
                TestVectors.root().resolve("programs").resolve("expectations.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode json : entries) {
            ProgramEntry entry = ProgramEntry.of(json);
            tests.add(DynamicTest.dynamicTest(entry.label(), () -> {
                ScriptEnvironment env = ScriptEnvironment.of(entry.config(), entry.blobs(), entry.program(),
                        entry.sources()).withRootArgs(entry.args()).withEngine(Engine.INTERP);
                SuspendableMachine sm;
                try {
                    sm = entry.boot();
                } catch (VmException e) {
                    ScriptResult r = Scheduler.start(env).run(entry.maxCycles());
                    assertEquals(new ScriptResult.Failed(e.error(), 0), r);
                    return;
                }
                sm.machine().setEngine(Engine.INTERP);
                RunResult r = sm.run(entry.maxCycles());
                Scheduler s = Scheduler.start(env);
                assertEquals(single(r, sm), scheduled(s.run(entry.maxCycles()), s));
                long total = sm.machine().cycles();
                if (total > 1 && !(r instanceof RunResult.CyclesExceeded)) {
                    long budget = new SplittableRandom(entry.label().hashCode()).nextLong(total);
                    SuspendableMachine stopped = entry.boot();
                    RunResult first = stopped.run(budget);
                    Scheduler split = Scheduler.start(env);
                    assertEquals(single(first, stopped), scheduled(split.run(budget), split), "stopped at " + budget);
                    if (first instanceof RunResult.CyclesExceeded) {
                        // a store may keep such a state as its root's Snapshot2 alone (the plugin does)
                        SchedulerState state = split.suspend();
                        Snapshot snapshot = stopped.snapshot(Snapshot.Kind.V2);
                        assertEquals(Optional.of(snapshot), state.singleMachine(), "one machine's state");
                        assertEquals(SchedulerState.ofSingleMachine(snapshot), state);
                        assertEquals(stopped.machine().cycles(), state.cycles());
                    }
                }
            }));
        }
        return tests.stream();
    }
}
