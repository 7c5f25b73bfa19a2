package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.ckbvm.ProgramEntry;
import org.ckbvm.TestVectors;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.RunResult;
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
                }
            }));
        }
        return tests.stream();
    }
}
