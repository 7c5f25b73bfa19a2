package org.ckbvm.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the decoder and the machine: any bytes as the code of an executable
 * segment, on every version, ISA and cost model. For each input:
 * <ul>
 *   <li>the reference interpreter runs it once under a budget: it ends Exited, CyclesExceeded or
 *       Failed with a typed VM error (anything thrown is a finding), never past its budget but for
 *       one data-loading syscall's own charge (the data segment's bytes are also cell dep 0);</li>
 *   <li>the JIT (threshold 1: nearly everything translated) ends in exactly the same state
 *       (result with its error payload, pc, cycles, registers, reservation, state root);</li>
 *   <li>segmented: the same budget reached through random intermediate limits, suspending at every
 *       stop into a v1 and a v2 snapshot (encoded and decoded), both of which must resume to the
 *       recorded root, continuing from one of them: cycles never decrease and the run ends in the
 *       one-shot state.</li>
 * </ul>
 *
 * <p>Input layout: byte 0 version ({@code % 3}), byte 1 ISA ({@code & ALL}), byte 2 bit 0 unit cost
 * model, bits 1..3 the number of intermediate stops, bytes 3..4 the budget ({@code 500 + u16}),
 * bytes 5..7 the seed of the stop points, the rest the code at {@link RandomProgram#CODE} (at
 * most 8 KiB), with a fixed R+W data segment at {@link RandomProgram#DATA}.
 *
 * <p>Regression inputs: {@code src/test/resources/org/ckbvm/machine/MachineFuzzTestInputs/}.
 */
class MachineFuzzTest {
    static final int HEADER = 8;
    static final int MAX_CODE = 8192;
    private static final byte[] DATA = data();
    private static final long MEMORY = 256 * 1024;
    private static int executions;

    private static byte[] data() {
        byte[] d = new byte[RandomProgram.DATA_PAGES * 4096];
        new SplittableRandom(0xda7a).nextBytes(d);
        return d;
    }

    record State(String result, long pc, long cycles, String regs, long lr, String root) {}

    static State state(SuspendableMachine sm, RunResult r) {
        Machine m = sm.machine();
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = m.register(i);
        }
        String result = r instanceof RunResult.Failed f ? "Failed:" + f.error() : r.toString();
        return new State(result, m.pc(), m.cycles(), Arrays.toString(regs), m.loadReservation(),
                HexFormat.of().formatHex(sm.stateRoot()));
    }

    @FuzzTest(maxDuration = "30s")
    void instructionStreams(byte[] input) throws Exception {
        if (input.length < HEADER + 2) {
            return;
        }
        int version = (input[0] & 0xff) % 3;
        int isa = input[1] & IsaFlags.ALL;
        CostModel cost = (input[2] & 1) != 0 ? CostModel.UNIT : CostModel.CKB;
        int stops = (input[2] >> 1) & 7;
        long budget = 500 + ((input[3] & 0xff) << 8 | (input[4] & 0xff));
        long stopSeed = (input[5] & 0xff) << 16 | (input[6] & 0xff) << 8 | (input[7] & 0xff);
        byte[] code = Arrays.copyOfRange(input, HEADER, Math.min(input.length, HEADER + MAX_CODE));
        check(version, isa, cost, budget, stops, stopSeed, code);
        if (++executions % 2000 == 0) {
            Machine.discardSharedTranslations(); // keep a long fuzzing run's memory flat
        }
    }

    static void check(int version, int isa, CostModel cost, long budget, int stops, long stopSeed, byte[] code)
            throws Exception {
        MachineConfig config = new MachineConfig(version, isa, cost, MEMORY);
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(RandomProgram.elf(code, DATA));
        // cell dep 0: the data blob, so load_cell_data(_as_code) and Snapshot2 source pages are reached
        List<SourceId> txSources = List.of(blobs.add(DATA));
        List<byte[]> args = List.of("fuzz".getBytes());

        // one shot on the reference interpreter
        SuspendableMachine ref = boot(config, blobs, program, txSources, args, Engine.INTERP);
        long loaded = ref.machine().cycles();
        RunResult r1 = ref.run(budget);
        State oneShot = state(ref, r1);
        // nothing passes the budget except the load cost (charged before the first instruction) and
        // one data-loading syscall's own charge, at most ceil(memory / 4)
        assertTrue(Long.compareUnsigned(ref.machine().cycles(), Math.max(budget, loaded) + MEMORY / 4) <= 0,
                "ran past its budget: " + oneShot);

        // the JIT, translating as early as possible
        SuspendableMachine jit = boot(config, blobs, program, txSources, args, Engine.JIT);
        jit.machine().setCompileThreshold(1);
        assertEquals(oneShot, state(jit, jit.run(budget)), "JIT differs from the interpreter");

        // segmented, through v1 and v2 snapshots
        SplittableRandom random = new SplittableRandom(stopSeed);
        long[] limits = new long[stops + 1];
        for (int i = 0; i < stops; i++) {
            limits[i] = random.nextLong(budget + 1);
        }
        limits[stops] = budget;
        Arrays.sort(limits);
        SuspendableMachine seg = boot(config, blobs, program, txSources, args, Engine.INTERP);
        long previousCycles = seg.machine().cycles();
        RunResult last = null;
        for (long limit : limits) {
            last = seg.run(limit);
            assertTrue(Long.compareUnsigned(seg.machine().cycles(), previousCycles) >= 0, "cycles decreased");
            previousCycles = seg.machine().cycles();
            if (!(last instanceof RunResult.CyclesExceeded)) {
                break;
            }
            byte[] root = seg.stateRoot();
            SuspendableMachine v1 = roundTrip(seg.snapshot(Snapshot.Kind.V1), blobs, config);
            SuspendableMachine v2 = roundTrip(seg.snapshot(Snapshot.Kind.V2), blobs, config);
            assertArrayEquals(root, v1.stateRoot(), "v1 resume root");
            assertArrayEquals(root, v2.stateRoot(), "v2 resume root");
            assertEquals(previousCycles, v1.machine().cycles());
            seg = random.nextBoolean() ? v1 : v2;
        }
        assertEquals(oneShot, state(seg, last), "segmented run differs from the one-shot run");
    }

    private static SuspendableMachine roundTrip(Snapshot snapshot, InMemoryDataSource blobs, MachineConfig config)
            throws SnapshotFormatException, ResumeException {
        return SuspendableMachine.resume(SnapshotCodec.decode(SnapshotCodec.encode(snapshot)), blobs, config,
                m -> { }, List.of());
    }

    private static SuspendableMachine boot(MachineConfig config, InMemoryDataSource blobs, SourceId program,
                                           List<SourceId> txSources, List<byte[]> args, Engine engine) {
        SuspendableMachine sm = SuspendableMachine.boot(config, blobs, program, txSources, args, m -> { }, List.of());
        sm.machine().setEngine(engine);
        return sm;
    }
}
