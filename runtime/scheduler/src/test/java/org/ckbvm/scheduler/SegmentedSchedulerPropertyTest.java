package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.ckbvm.machine.Engine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The promise of whole-scheduler suspension: any split of the budget ends exactly as one
 * uninterrupted run, with every VM spawned, blocked, suspended or instantiated at the split points.
 * Every run of spawn/expected.json (and of exec_v1/expected.json, version 1's in-place exec) runs once uninterrupted, then under random budgets (one to
 * twelve segments); at each stop the whole scheduler is suspended to bytes and resumed from the
 * bytes on new machines. Exit code or error, total cycles, every VM's state root and the bundle
 * root must equal the uninterrupted run's; at each stop the resumed scheduler's roots equal those
 * of the scheduler it was suspended from, and it suspends again to the same bytes. Under the
 * interpreter and the JIT.
 */
class SegmentedSchedulerPropertyTest {
    private static final int SCHEDULES_PER_RUN = 3;

    record Outcome(String result, String bundleRoot, Map<Long, String> vmRoots) {}

    /** What the stops covered, counted over every schedule: the last dynamic test checks it. */
    private final Map<String, Integer> coverage = new TreeMap<>();

    private void count(SchedulerState state) {
        coverage.merge("stops", 1, Integer::sum);
        if (state.runningVm().isPresent()) {
            coverage.merge("a VM stopped in the middle of its run", 1, Integer::sum);
        }
        if (state.iterationCycles() != 0) {
            coverage.merge("suspend/resume charges of the iteration in progress", 1, Integer::sum);
        }
        if (state.vms().size() > state.instantiatedIds().size()) {
            coverage.merge("VMs held as Snapshot2", 1, Integer::sum);
        }
        for (SchedulerState.Vm vm : state.vms()) {
            coverage.merge("state " + vm.state().getClass().getSimpleName(), 1, Integer::sum);
        }
        if (!state.fds().isEmpty()) {
            coverage.merge("open fds", 1, Integer::sum);
        }
        if (!state.terminatedVms().isEmpty()) {
            coverage.merge("exit codes not yet waited for", 1, Integer::sum);
        }
    }

    private static Outcome outcome(Scheduler s, ScriptResult r) {
        return new Outcome(SpawnRun.outcome(r), hex(s.bundleRoot()), hexRoots(s.vmRoots()));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static Map<Long, String> hexRoots(SortedMap<Long, byte[]> roots) {
        TreeMap<Long, String> out = new TreeMap<>();
        roots.forEach((id, root) -> out.put(id, hex(root)));
        return out;
    }

    private Outcome segmented(SpawnRun run, ScriptEnvironment env, long[] budgets) throws Exception {
        Scheduler s = Scheduler.start(env);
        ScriptResult r = null;
        for (long budget : budgets) {
            r = s.run(budget);
            if (!(r instanceof ScriptResult.Suspended)) {
                break;
            }
            SchedulerState state = s.suspend();
            count(state);
            byte[] bytes = SchedulerStateCodec.encode(state);
            SchedulerState decoded = SchedulerStateCodec.decode(bytes);
            assertEquals(state, decoded);
            Scheduler resumed = Scheduler.resume(decoded, env);
            assertArrayEquals(s.bundleRoot(), resumed.bundleRoot(), "bundle root across suspension");
            assertEquals(hexRoots(s.vmRoots()), hexRoots(resumed.vmRoots()));
            assertEquals(s.cyclesSoFar(), resumed.cyclesSoFar());
            assertArrayEquals(bytes, SchedulerStateCodec.encode(resumed.suspend()),
                    "a resumed scheduler suspends to the same bytes");
            s = resumed;
        }
        if (r instanceof ScriptResult.Suspended) {
            r = s.run(-1L);
        }
        return outcome(s, r);
    }

    @TestFactory
    Stream<DynamicTest> everySplitEndsAsTheUninterruptedRun() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Engine engine : List.of(Engine.INTERP, Engine.JIT)) {
            List<SpawnRun> runs = new ArrayList<>(SpawnRun.all());
            runs.addAll(SpawnRun.execV1());
            for (SpawnRun run : runs) {
                String label = engine.id() + " " + run.label();
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    ScriptEnvironment env = run.environment(engine);
                    Scheduler oneShot = Scheduler.start(env);
                    ScriptResult result = oneShot.run(-1L);
                    assertEquals(run.expected(), SpawnRun.outcome(result), "uninterrupted run against the model");
                    Outcome expected = outcome(oneShot, result);
                    SplittableRandom random = new SplittableRandom(label.hashCode());
                    for (int schedule = 0; schedule < SCHEDULES_PER_RUN; schedule++) {
                        long[] budgets = new long[1 + random.nextInt(12)];
                        for (int i = 0; i < budgets.length; i++) {
                            budgets[i] = result.cycles() <= 1 ? 0 : random.nextLong(result.cycles());
                        }
                        Arrays.sort(budgets);
                        assertEquals(expected, segmented(run, env, budgets), "budgets " + Arrays.toString(budgets));
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("the stops covered every kind of state", () -> {
            for (String kind : List.of("a VM stopped in the middle of its run", "VMs held as Snapshot2", "state Runnable",
                    "state Wait", "state WaitForRead", "state WaitForWrite", "open fds",
                    "exit codes not yet waited for")) {
                assertTrue(coverage.getOrDefault(kind, 0) > 0, kind + " never seen: " + coverage);
            }
        }));
        return tests.stream();
    }

    /**
     * Dense budgets over the runs whose VMs are suspended and resumed by the scheduler, so that
     * some stops fall into a VM's run right after the iteration paid for suspends and resumes
     * ({@code iteration_cycles} not yet in the total): the scheduler runs on in memory with each
     * larger budget, and at every such stop (up to 4 a run) a copy is also resumed from bytes and
     * run to the end.
     */
    @TestFactory
    Stream<DynamicTest> stopsInsideAnIterationWithSuspendCharges() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SpawnRun run : SpawnRun.all()) {
            if (run.suspends() == 0 || !run.status().equals("exited")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(run.label(), () -> {
                ScriptEnvironment env = run.environment(Engine.INTERP);
                Scheduler oneShot = Scheduler.start(env);
                Outcome expected = outcome(oneShot, oneShot.run(-1L));
                Scheduler s = Scheduler.start(env);
                long step = Math.max(1, run.cycles() / 1500);
                int seen = 0;
                ScriptResult r = null;
                for (long budget = 0; budget < run.cycles(); budget += step) {
                    r = s.run(budget);
                    if (!(r instanceof ScriptResult.Suspended)) {
                        break;
                    }
                    SchedulerState state = s.suspend();
                    if (state.iterationCycles() != 0 && seen < 4) {
                        seen++;
                        coverage.merge("suspend/resume charges of the iteration in progress", 1, Integer::sum);
                        Scheduler copy = Scheduler.resume(SchedulerStateCodec.decode(SchedulerStateCodec.encode(state)), env);
                        assertEquals(expected, outcome(copy, copy.run(-1L)), "resumed from the stop at " + budget);
                    }
                }
                if (r instanceof ScriptResult.Suspended) {
                    r = s.run(-1L);
                }
                assertEquals(expected, outcome(s, r));
            }));
        }
        tests.add(DynamicTest.dynamicTest("some stops fell inside an iteration with suspend/resume charges", () ->
                assertTrue(coverage.getOrDefault("suspend/resume charges of the iteration in progress", 0) > 0)));
        return tests.stream();
    }

    /** A budget of 0 stops before the root's first instruction; the state then holds one booted VM. */
    @TestFactory
    Stream<DynamicTest> aBudgetOfZeroSuspendsTheBootedRoot() {
        SpawnRun run = SpawnRun.all().get(0);
        return Stream.of(DynamicTest.dynamicTest(run.label(), () -> {
            ScriptEnvironment env = run.environment(Engine.INTERP);
            Scheduler s = Scheduler.start(env);
            assertInstanceOf(ScriptResult.Suspended.class, s.run(0));
            SchedulerState state = s.suspend();
            assertEquals(1, state.vms().size());
            assertEquals(List.of(0L), state.instantiatedIds());
            assertEquals(run.expected(), SpawnRun.outcome(
                    Scheduler.resume(SchedulerStateCodec.decode(SchedulerStateCodec.encode(state)), env).run(-1L)));
        }));
    }
}
