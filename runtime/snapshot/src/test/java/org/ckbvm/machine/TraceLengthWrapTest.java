package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.ckbvm.error.VmError;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * CKB-VM 0.24's assembly machine keeps a trace's byte length in a u8 ({@code Trace.length}); a
 * trace of 16 fused items can be 256 to 320 bytes long. Entering it moves pc by the wrapped length,
 * so the machine runs (and charges) the code from there again; a length of exactly 0 makes it re-form
 * the trace forever, which we stop with {@code ZeroLengthTrace}. The programs are
 * {@code testvectors/programs/trace_wrap.S}; the first three are those of issue #12, whose figures
 * (606 and 610 cycles) were measured on the assembly machine itself.
 *
 * <p>Every program runs on versions 1 and 2, on every engine, in one run; then (interpreter and
 * JIT; {@code auto} runs such short programs on the interpreter) split into two segments at every
 * cycle budget from just below the load cost to its end (through encoded Snapshot2 bytes, on a
 * fresh machine), and must end identically; the stop points of the split runs are the trace starts
 * the assembly machine's rule gives.
 */
class TraceLengthWrapTest {
    private static final long START = 0x10000;

    /** How a program must end, and (for the programs) every stop point a budget can give. */
    record Case(String elf, String result, long cycles, long pc, long[][] stops) {}

    private static final List<Case> CASES = List.of(
            // 13 ADC (260 bytes), c.nop, li a0, li a7 = 270 bytes -> pc +14; then 16 items from +14
            // (to +266), then [li a7, ecall]
            new Case("trace_wrap_adc13", "Exited[exitCode=7]", 606, 0x10112,
                    new long[][] {{START, 73}, {START + 14, 89}, {START + 266, 105}}),
            // 14 ADC, c.li, li a7 = 286 bytes -> +30; 16 items from +30 (to +282); [li a7, ecall]
            new Case("trace_wrap_adc14_cli", "Exited[exitCode=7]", 610, 0x10122,
                    new long[][] {{START, 77}, {START + 30, 93}, {START + 282, 109}}),
            // 14 ADC, nop, nop = 288 bytes -> +32; the trace at +32 is exactly 256 bytes long
            new Case("trace_wrap_adc14_zero", "Failed[error=ZeroLengthTrace[pc=65568]]", 95, START + 32,
                    new long[][] {{START, 79}}),
            new Case("trace_wrap_adc13_jal", "Exited[exitCode=16]", -1, 0x10140, null),
            new Case("trace_wrap_sbb13", "Exited[exitCode=7]", 607, 0x10114, null),
            new Case("trace_wrap_adc13_loop", "Exited[exitCode=9]", 785, 0x1012c, null));

    record Outcome(String result, long cycles, long pc, String root) {}

    private static SuspendableMachine boot(MachineConfig config, InMemoryDataSource blobs, SourceId program,
                                           Engine engine) {
        SuspendableMachine sm = SuspendableMachine.boot(config, blobs, program, List.of(), List.of(), m -> { },
                List.of());
        return onEngine(sm, engine);
    }

    private static SuspendableMachine onEngine(SuspendableMachine sm, Engine engine) {
        sm.machine().setEngine(engine);
        if (engine == Engine.JIT) {
            sm.machine().setCompileThreshold(1); // translate on first entry: re-entered traces run compiled
        }
        return sm;
    }

    private static Outcome outcome(SuspendableMachine sm, RunResult r) {
        return new Outcome(r.toString(), sm.machine().cycles(), sm.machine().pc(),
                HexFormat.of().formatHex(sm.stateRoot()));
    }

    @TestFactory
    Stream<DynamicTest> endsAsTheAssemblyMachineInOneRunAndSplitAtEveryCycle() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            byte[] elf = Files.readAllBytes(TestVectors.elf(c.elf()));
            for (int version : new int[] {MachineVersion.V1, MachineVersion.V2}) {
                for (Engine engine : Engine.values()) {
                    tests.add(DynamicTest.dynamicTest(c.elf() + " v" + version + " " + engine.id(),
                            () -> check(c, elf, version, engine)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Case c, byte[] elf, int version, Engine engine) throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(elf);
        MachineConfig defaults = MachineConfig.defaults().withVersion(version);
        SuspendableMachine whole = boot(defaults, blobs, program, engine);
        Outcome oneShot = outcome(whole, whole.run(-1L));
        assertEquals(c.result(), oneShot.result());
        if (c.cycles() >= 0) {
            assertEquals(c.cycles(), oneShot.cycles());
        }
        assertEquals(c.pc(), oneShot.pc());
        if (engine == Engine.AUTO) {
            return;
        }

        // the splits: a smaller memory (same cycles and stops) keeps a thousand boots cheap
        MachineConfig config = defaults.withMemorySize(256 * 1024);
        SuspendableMachine reference = boot(config, blobs, program, engine);
        long loadCycles = reference.machine().cycles();
        Outcome expected = outcome(reference, reference.run(-1L));
        assertEquals(oneShot.result(), expected.result());
        assertEquals(oneShot.cycles(), expected.cycles());
        Set<List<Long>> stops = new LinkedHashSet<>();
        for (long budget = loadCycles - 1; budget <= expected.cycles(); budget++) {
            SuspendableMachine first = boot(config, blobs, program, engine);
            RunResult r = first.run(budget);
            if (!(r instanceof RunResult.CyclesExceeded)) {
                assertEquals(expected, outcome(first, r), "budget " + budget + " ended the run");
                continue;
            }
            stops.add(List.of(first.machine().pc(), first.machine().cycles()));
            byte[] bytes = SnapshotCodec.encode(first.snapshot(Snapshot.Kind.V2));
            SuspendableMachine second = onEngine(SuspendableMachine.resume(SnapshotCodec.decode(bytes), blobs, config,
                    m -> { }, List.of()), engine);
            assertEquals(expected, outcome(second, second.run(-1L)), "split at budget " + budget);
        }
        if (c.stops() != null) {
            Set<List<Long>> derived = new LinkedHashSet<>();
            for (long[] stop : c.stops()) {
                derived.add(List.of(stop[0], stop[1]));
            }
            assertEquals(derived, stops, "stop points (pc, cycles)");
        }
    }

    @Test
    void theJitRunsAWrappedTraceAsTheInterpreterDoes() throws Exception {
        byte[] elf = Files.readAllBytes(TestVectors.elf("trace_wrap_adc13_loop"));
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(elf);
        for (int version : new int[] {MachineVersion.V1, MachineVersion.V2}) {
            MachineConfig config = MachineConfig.defaults().withVersion(version);
            SuspendableMachine interp = boot(config, blobs, program, Engine.INTERP);
            SuspendableMachine jit = boot(config, blobs, program, Engine.JIT);
            Outcome reference = outcome(interp, interp.run(-1L));
            assertEquals(reference, outcome(jit, jit.run(-1L)));
            assertTrue(jit.machine().compiledRegionEntries() > 0, "the wrapped loop body ran compiled");
        }
    }

    @Test
    void withoutFusionNothingWraps() throws Exception {
        // control: the same code without MOP is 5 items per group, so every trace is short
        MachineConfig config = MachineConfig.defaults().withIsa(IsaFlags.IMC | IsaFlags.B);
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(TestVectors.elf("trace_wrap_adc14_zero")));
        SuspendableMachine sm = boot(config, blobs, program, Engine.INTERP);
        assertEquals(new RunResult.Exited(7), sm.run(-1L));
        assertEquals(79 + 74 + 500, sm.machine().cycles());
    }

    @Test
    void aZeroLengthTraceStopsBeforeItIsChargedAndAgainOnTheNextRun() {
        int[] code = GuestCode.concat(adcGroups(14), new int[] {addi(ZERO, ZERO, 0), addi(ZERO, ZERO, 0)},
                new int[] {addi(A0, ZERO, 7)}, syscall(93));
        Machine m = GuestCode.machine(MachineConfig.defaults(), code);
        RunResult r = m.run();
        assertEquals(new RunResult.Failed(new VmError.ZeroLengthTrace(GuestCode.CODE + 32)), r);
        assertEquals(GuestCode.CODE + 32, m.pc());
        assertEquals(16, m.cycles(), "only the first trace (16 items of cost 1) was charged");
        // the reference would decode the trace again: so do we, and stop again, charging nothing
        assertInstanceOf(RunResult.Failed.class, m.run());
        assertEquals(16, m.cycles());
    }
}
