package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.ckbvm.ProgramEntry;
import org.ckbvm.TestVectors;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The product's promise: any split of the budget ends in exactly the state of one uninterrupted
 * run. Every program of ours that boots runs once uninterrupted, then under random split points
 * (one to twenty segments), suspending each time into a snapshot of either kind that goes through
 * protobuf bytes and resumes on a new machine instance; result, cycles and state root must match.
 */
class SegmentedRunPropertyTest {
    private static final int SCHEDULES_PER_PROGRAM = 4;

    record Outcome(String result, long cycles, String root) {}

    private static String describe(RunResult r) {
        if (r instanceof RunResult.Failed f) {
            return "Failed:" + f.error().kind();
        }
        return r.toString();
    }

    private static Outcome oneShot(ProgramEntry s) {
        SuspendableMachine sm = s.boot();
        RunResult r = sm.run(-1L);
        return new Outcome(describe(r), sm.machine().cycles(), HexFormat.of().formatHex(sm.stateRoot()));
    }

    private static Outcome segmented(ProgramEntry s, long[] budgets, SplittableRandom random) throws Exception {
        SuspendableMachine sm = s.boot();
        RunResult r = null;
        for (long budget : budgets) {
            r = sm.run(budget);
            if (!(r instanceof RunResult.CyclesExceeded)) {
                break;
            }
            Snapshot.Kind kind = random.nextBoolean() ? Snapshot.Kind.V1 : Snapshot.Kind.V2;
            Snapshot snapshot = sm.snapshot(kind);
            byte[] bytes = SnapshotCodec.encode(snapshot);
            Snapshot decoded = SnapshotCodec.decode(bytes);
            assertEquals(snapshot, decoded);
            SuspendableMachine resumed = SuspendableMachine.resume(decoded, s.blobs(), s.config(), m -> { }, List.of());
            assertEquals(sm.machine().cycles(), resumed.machine().cycles());
            assertEquals(sm.machine().pc(), resumed.machine().pc());
            assertArrayEquals(sm.stateRoot(), resumed.stateRoot());
            assertArrayEquals(SnapshotCodec.encode(snapshot), SnapshotCodec.encode(resumed.snapshot(kind)),
                    "a resumed machine snapshots to the same bytes");
            sm = resumed;
        }
        if (r instanceof RunResult.CyclesExceeded) {
            r = sm.run(-1L);
        }
        return new Outcome(describe(r), sm.machine().cycles(), HexFormat.of().formatHex(sm.stateRoot()));
    }

    @TestFactory
    Stream<DynamicTest> everySplitEndsInTheOneShotState() throws IOException {
        JsonNode entries = new ObjectMapper().readTree(
                TestVectors.root().resolve("programs").resolve("expectations.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (entry.path("max_cycles").isNumber()) {
                continue; // the entry tests a limit itself
            }
            if (entry.get("name").asText().startsWith("v_trace_alias") && entry.get("version").asInt() < 2) {
                // CKB-VM's V0/V1 trace aliasing depends on the trace cache, which no snapshot carries
                // (CKB-VM's neither): a resumed machine starts cold, so only an uninterrupted run
                // reuses the aliased trace. Documented in testvectors/README.md.
                continue;
            }
            ProgramEntry s = ProgramEntry.of(entry);
            String label = s.label();
            tests.add(DynamicTest.dynamicTest(label, () -> {
                Outcome expected;
                try {
                    expected = oneShot(s);
                } catch (VmException e) {
                    return; // does not boot (a malformed-ELF case): nothing to split
                }
                SplittableRandom random = new SplittableRandom(label.hashCode());
                for (int schedule = 0; schedule < SCHEDULES_PER_PROGRAM; schedule++) {
                    int segments = 1 + random.nextInt(20);
                    long[] budgets = new long[segments];
                    for (int i = 0; i < segments; i++) {
                        budgets[i] = expected.cycles() <= 1 ? 0 : random.nextLong(expected.cycles());
                    }
                    java.util.Arrays.sort(budgets);
                    Outcome actual = segmented(s, budgets, random);
                    assertEquals(expected, actual, "schedule " + java.util.Arrays.toString(budgets));
                }
            }));
        }
        return tests.stream();
    }
}
