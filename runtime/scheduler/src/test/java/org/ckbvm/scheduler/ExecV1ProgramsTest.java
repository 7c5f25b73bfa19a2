package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.ckbvm.error.VmError;
import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.SourcePageRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Script version 1's in-place exec (2043; docs/SPAWN.md §7.2) on the programs of
 * testvectors/programs/exec_v1/: every run ends as {@code execmodel.py} says (exit code or VM
 * error, and the cycle total) under the interpreter and the JIT; a stop anywhere, also between the
 * exec's charges and the new program's first instruction, resumes from bytes to the same end; a
 * snapshot after the exec references the new program's pages in the blob it came from.
 * Random budget splits of these runs are in {@link SegmentedSchedulerPropertyTest}.
 */
class ExecV1ProgramsTest {
    private static final int EXEC_V1_PAD = 4219;

    @TestFactory
    Stream<DynamicTest> everyRunEndsAsTheModelSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Engine engine : List.of(Engine.INTERP, Engine.JIT)) {
            for (SpawnRun run : SpawnRun.execV1()) {
                tests.add(DynamicTest.dynamicTest(engine.id() + " " + run.label(), () -> {
                    ScriptResult result = Scheduler.start(run.environment(engine)).run(-1L);
                    assertEquals(run.expected(), SpawnRun.outcome(result));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theVmErrorsAreCkbs() {
        assertEquals(new VmError.External("SourceEntry parse_from_u64 5"), error("1"));
        assertEquals(new VmError.External("Place parse_from_u64 2"), error("2"));
        assertEquals(new VmError.Unexpected(SchedulerConstants.ARGV_TOO_LONG_TEXT), error("5"));
    }

    private static VmError error(String caseNumber) {
        SpawnRun run = SpawnRun.execV1().stream().filter(r -> r.args().equals(List.of(caseNumber))).findFirst()
                .orElseThrow();
        return assertInstanceOf(ScriptResult.Failed.class, Scheduler.start(run.environment(Engine.INTERP)).run(-1L))
                .error();
    }

    /**
     * The chain under budgets 0, 61, 122, ...: the scheduler runs on in memory; at every stop that
     * is past its budget (a syscall's charge passed the limit: load_cell_data, or an exec's load)
     * and at every stop in exec_v1_b, a copy is resumed from bytes and must end as one run. Some
     * stops must fall right after an exec (pc at exec_v1_b's entry, its load charged, nothing of
     * it run), and the snapshots there must reference exec_v1_b's code in its blob, past the filler.
     */
    @Test
    void stopsAroundTheExecResumeToTheSameEnd() throws Exception {
        SpawnRun run = SpawnRun.execV1().get(0);
        ScriptEnvironment env = run.environment(Engine.INTERP);
        Scheduler oneShot = Scheduler.start(env);
        ScriptResult expected = oneShot.run(-1L);
        assertEquals(run.expected(), SpawnRun.outcome(expected));
        String expectedRoot = HexFormat.of().formatHex(oneShot.bundleRoot());
        long entryB = entry("elf/exec_v1_b");
        SourceId pad = env.sources().get(2);

        Scheduler s = Scheduler.start(env);
        int atEntry = 0, resumed = 0;
        boolean referenced = false;
        ScriptResult r = null;
        for (long budget = 0; budget < run.cycles(); budget += 61) {
            r = s.run(budget);
            if (!(r instanceof ScriptResult.Suspended)) {
                break;
            }
            SchedulerState state = s.suspend();
            long pc = state.vms().get(0).snapshot().state().pc();
            boolean pastBudget = r.cycles() > budget;
            if (pastBudget && pc == entryB) {
                atEntry++;
            }
            for (SourcePageRange range : state.vms().get(0).snapshot().sourcePages()) {
                referenced |= range.source().equals(pad) && range.offset() >= EXEC_V1_PAD;
            }
            if (pastBudget || (resumed < 40 && budget % 3721 < 61)) {
                resumed++;
                Scheduler copy = Scheduler.resume(SchedulerStateCodec.decode(SchedulerStateCodec.encode(state)), env);
                ScriptResult end = copy.run(-1L);
                assertEquals(SpawnRun.outcome(expected), SpawnRun.outcome(end), "resumed from the stop at " + budget);
                assertEquals(expectedRoot, HexFormat.of().formatHex(copy.bundleRoot()), "stop at " + budget);
            }
        }
        if (r instanceof ScriptResult.Suspended) {
            r = s.run(-1L);
        }
        assertEquals(SpawnRun.outcome(expected), SpawnRun.outcome(r));
        assertArrayEquals(oneShot.bundleRoot(), s.bundleRoot());
        assertTrue(atEntry > 0, "no stop right after the exec into exec_v1_b");
        assertTrue(referenced, "no snapshot referenced exec_v1_b's pages in its blob");
    }

    private static long entry(String elf) throws IOException {
        byte[] bytes = Files.readAllBytes(TestVectors.root().resolve(elf));
        return ByteBuffer.wrap(bytes, 24, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
