package org.ckbvm.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.ckbvm.ProgramEntry;
import org.ckbvm.TestVectors;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engines are indistinguishable: the reference interpreter and the JIT (translating as early
 * as possible, threshold 1 to 3, so nearly everything runs compiled) run the same program side by
 * side under many random cycle limits, and at every stop point result, error with its payload,
 * pc, cycles, registers, reservation, instruction count, state root and the v2 snapshot bytes
 * (which carry the DIRTY pages) are equal. At random stop points each machine is replaced by the
 * resumed snapshot of the other engine's machine, so a snapshot taken by either engine resumes on
 * the other. Programs: every entry of {@code testvectors/programs/expectations.json} and seeded
 * random instruction streams ({@link RandomProgram}) for every version and ISA profile.
 *
 * <p>Longer runs: {@code -Dckbvm.diff.seeds=N} (random programs per configuration, default 6) and
 * {@code -Dckbvm.diff.length=N} (items per program, default 400); see README.md.
 */
class EngineDifferentialTest {
    private static final int SEEDS = Integer.getInteger("ckbvm.diff.seeds", 6);
    private static final int LENGTH = Integer.getInteger("ckbvm.diff.length", 400);
    private static final long SEED_BASE = Long.getLong("ckbvm.diff.seed", 0x5eed);
    private static final long RANDOM_CAP = 300_000;

    record State(String result, long pc, long cycles, String regs, int exitCode, long lr, long instructions,
                 String root) {}

    private static String describe(RunResult r) {
        return r instanceof RunResult.Failed f ? "Failed:" + f.error() : r.toString();
    }

    private static State state(SuspendableMachine sm, RunResult r) {
        Machine m = sm.machine();
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = m.register(i);
        }
        return new State(describe(r), m.pc(), m.cycles(), Arrays.toString(regs), m.exitCode(), m.loadReservation(),
                m.instructionsRetired(), HexFormat.of().formatHex(sm.stateRoot()));
    }

    private static SuspendableMachine engine(SuspendableMachine sm, boolean jit, int threshold) {
        sm.machine().setEngine(jit ? Engine.JIT : Engine.INTERP);
        if (jit) {
            sm.machine().setCompileThreshold(threshold);
        }
        return sm;
    }

    /**
     * Runs both engines through the ascending budgets (the last may be -1: no limit), comparing
     * at every stop and crossing snapshots over at random stops.
     */
    static void lockstep(SuspendableMachine ref, SuspendableMachine jit, long[] budgets, SplittableRandom random,
                         DataSource blobs, MachineConfig config, int threshold, String label) throws Exception {
        for (int step = 0; step < budgets.length; step++) {
            long budget = budgets[step];
            RunResult r1 = ref.run(budget);
            RunResult r2 = jit.run(budget);
            State s1 = state(ref, r1);
            State s2 = state(jit, r2);
            assertEquals(s1, s2, label + ": stop " + step + " at budget " + budget);
            if (!(r1 instanceof RunResult.CyclesExceeded)) {
                return;
            }
            Snapshot.Kind kind = random.nextBoolean() ? Snapshot.Kind.V1 : Snapshot.Kind.V2;
            byte[] b1 = SnapshotCodec.encode(ref.snapshot(kind));
            byte[] b2 = SnapshotCodec.encode(jit.snapshot(kind));
            assertArrayEquals(b1, b2, label + ": snapshot at stop " + step);
            if (random.nextInt(3) == 0) {
                // each engine continues from the other's snapshot
                ref = engine(SuspendableMachine.resume(SnapshotCodec.decode(b2), blobs, config, m -> { }, List.of()),
                        false, threshold);
                jit = engine(SuspendableMachine.resume(SnapshotCodec.decode(b1), blobs, config, m -> { }, List.of()),
                        true, threshold);
            }
        }
    }

    private static long[] budgets(SplittableRandom random, long total, long last) {
        int n = 1 + random.nextInt(12);
        long[] b = new long[n + 1];
        for (int i = 0; i < n; i++) {
            b[i] = total <= 1 ? 0 : random.nextLong(total + 1);
        }
        b[n] = Long.MAX_VALUE;
        Arrays.sort(b);
        b[n] = last;
        return b;
    }

    @TestFactory
    Stream<DynamicTest> everyProgramOfOursOnBothEngines() throws IOException {
        JsonNode entries = new ObjectMapper().readTree(
                TestVectors.root().resolve("programs").resolve("expectations.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode json : entries) {
            ProgramEntry entry = ProgramEntry.of(json);
            tests.add(DynamicTest.dynamicTest(entry.label(), () -> {
                SuspendableMachine probe;
                try {
                    probe = engine(entry.boot(), false, 1);
                } catch (VmException e) {
                    return; // does not load: no engine is involved
                }
                long last = entry.maxCycles();
                probe.run(last);
                long total = probe.machine().cycles();
                SplittableRandom random = new SplittableRandom(entry.label().hashCode() ^ SEED_BASE);
                for (int schedule = 0; schedule < 2; schedule++) {
                    int threshold = 1 + random.nextInt(3);
                    lockstep(engine(entry.boot(), false, threshold), engine(entry.boot(), true, threshold),
                            budgets(random, total, last), random, entry.blobs(), entry.config(), threshold,
                            entry.label());
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> randomInstructionStreamsOnBothEngines() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] profiles = {
            {MachineVersion.V0, IsaFlags.IMC}, {MachineVersion.V0, IsaFlags.B}, {MachineVersion.V0, IsaFlags.A},
            {MachineVersion.V0, IsaFlags.MOP},
            {MachineVersion.V1, IsaFlags.IMC}, {MachineVersion.V1, IsaFlags.B}, {MachineVersion.V1, IsaFlags.MOP},
            {MachineVersion.V1, IsaFlags.B | IsaFlags.MOP}, {MachineVersion.V1, IsaFlags.ALL},
            {MachineVersion.V2, IsaFlags.IMC}, {MachineVersion.V2, IsaFlags.B}, {MachineVersion.V2, IsaFlags.MOP},
            {MachineVersion.V2, IsaFlags.B | IsaFlags.MOP}, {MachineVersion.V2, IsaFlags.ALL},
        };
        for (int[] profile : profiles) {
            for (int seed = 0; seed < SEEDS; seed++) {
                int version = profile[0];
                int isa = profile[1];
                long programSeed = SEED_BASE * 1_000_003L + seed * 31L + version * 7L + isa;
                CostModel cost = seed % 3 == 2 ? CostModel.UNIT : CostModel.CKB;
                MachineConfig config = new MachineConfig(version, isa, cost, 256 * 1024);
                String label = "random seed " + programSeed + " v" + version + " " + IsaFlags.format(isa) + " "
                        + cost.id();
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    byte[] elf = RandomProgram.elf(programSeed, version, isa, LENGTH);
                    InMemoryDataSource blobs = new InMemoryDataSource();
                    SourceId program = blobs.add(elf);
                    List<byte[]> args = List.of("x".getBytes(), "yz".getBytes());
                    SplittableRandom random = new SplittableRandom(programSeed);
                    SuspendableMachine probe;
                    try {
                        probe = engine(boot(config, blobs, program, args), false, 1);
                    } catch (VmException e) {
                        throw new AssertionError(label + ": the generated ELF does not load: " + e.error(), e);
                    }
                    probe.run(RANDOM_CAP);
                    long total = probe.machine().cycles();
                    for (int schedule = 0; schedule < 2; schedule++) {
                        int threshold = 1 + random.nextInt(3);
                        lockstep(engine(boot(config, blobs, program, args), false, threshold),
                                engine(boot(config, blobs, program, args), true, threshold),
                                budgets(random, total, RANDOM_CAP), random, blobs, config, threshold, label);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static SuspendableMachine boot(MachineConfig config, InMemoryDataSource blobs, SourceId program,
                                           List<byte[]> args) {
        return SuspendableMachine.boot(config, blobs, program, List.of(), args, m -> { }, List.of());
    }
}
