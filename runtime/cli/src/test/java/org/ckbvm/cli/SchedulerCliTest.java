package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.scheduler.ScriptResult;
import org.ckbvm.snapshot.DirtyPageRange;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code run} of version-2 scripts in the scheduler, {@code run --scheduler-state} and
 * {@code audit --scheduler-state}: the spawn programs end as programs/spawn/expected.json says,
 * a stop writes a state that resumes to the same end and audits, an altered state is named, and
 * the options that keep one machine refuse a script of several VMs.
 */
class SchedulerCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIMPLE = TestVectors.elf("spawn_simple").toString();

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws Exception {
        List<String> lines = run.lines();
        assertEquals(1, lines.size(), run.toString());
        return JSON.readTree(lines.get(0));
    }

    @TestFactory
    List<DynamicTest> everySpawnProgramEndsAsTheModelSays() throws Exception {
        return endAsTheModelSays("programs/spawn/expected.json", "2");
    }

    /** Version 1's in-place exec (docs/SPAWN.md §7.2), as {@code execmodel.py} says. */
    @TestFactory
    List<DynamicTest> everyVersion1ExecProgramEndsAsTheModelSays() throws Exception {
        return endAsTheModelSays("programs/exec_v1/expected.json", "1");
    }

    private static List<DynamicTest> endAsTheModelSays(String model, String version) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode run : JSON.readTree(TestVectors.root().resolve(model).toFile())) {
            List<String> args = new ArrayList<>(List.of("run", "--json", "--machine-version", version));
            run.get("sources").forEach(s -> args.addAll(List.of("--source", TestVectors.root().resolve(s.asText()).toString())));
            args.add(TestVectors.elf(run.get("program").asText()).toString());
            run.get("args").forEach(a -> args.add(a.asText()));
            tests.add(DynamicTest.dynamicTest(String.join(" ", args.subList(4, args.size())), () -> {
                CliRun r = CliRun.of(args);
                JsonNode o = json(r);
                assertEquals(run.get("status").asText(), o.get("status").asText(), r.toString());
                assertEquals(run.get("cycles").asLong(), o.get("cycles").asLong(), r.toString());
                if (run.has("exit_code")) {
                    assertEquals(run.get("exit_code").asInt(), o.get("exit_code").asInt());
                    assertEquals(run.get("exit_code").asInt() & 0xff, r.status());
                } else {
                    assertEquals(run.get("error").asText(), o.get("error").asText());
                    assertEquals(ExitStatus.FAILED, r.status());
                }
            }));
        }
        return tests;
    }

    @Test
    void aScriptOfSeveralVmsReportsItsBundle() throws Exception {
        CliRun r = CliRun.of("run", "--json", "--source", SIMPLE, SIMPLE);
        JsonNode o = json(r);
        assertEquals(0, r.status(), r.toString());
        assertEquals(4, o.get("vms_created").asInt());
        // the bundle root of the multi-VM vector's end (testvectors/vectors/spawn/spawn_simple.json)
        assertEquals("0x98b91d222a2184afb154548736f5d7d009e903aaa6f2b0c56b5d8573deed2794", o.get("bundle_root").asText());
        assertEquals("0x0a95d51911de3270b31510702b27098ae2b79a133bf2f1b4f2a85233ebf229ea", o.get("state_root").asText());
    }

    /** The environment {@code run --source SIMPLE SIMPLE} builds. */
    private static ScriptEnvironment simpleEnvironment() throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        byte[] elf = Files.readAllBytes(Path.of(SIMPLE));
        SourceId program = blobs.add(elf);
        return ScriptEnvironment.of(MachineConfig.defaults(), blobs, program, List.of(blobs.add(elf)));
    }

    /** Stops spawn_simple at 200,000 cycles (two VMs alive) and writes its scheduler state. */
    private Path stoppedState(JsonNode[] report) throws Exception {
        Path state = dir.resolve("simple.state");
        CliRun r = CliRun.of("run", "--json", "--max-cycles", "200000", "--scheduler-state", state.toString(),
                "--source", SIMPLE, SIMPLE);
        assertEquals(ExitStatus.CYCLES_EXCEEDED, r.status(), r.toString());
        report[0] = json(r);
        return state;
    }

    @Test
    void aStopWritesTheWholeSchedulerWhichResumesToTheSameEnd() throws Exception {
        JsonNode[] report = new JsonNode[1];
        Path file = stoppedState(report);
        JsonNode o = report[0];
        assertEquals("cycles_exceeded", o.get("status").asText());
        assertEquals(2, o.get("live_vms").asInt(), o.toString());
        assertEquals(file.toString(), o.get("scheduler_state").asText());
        SchedulerState state = SchedulerStateCodec.decode(Files.readAllBytes(file));
        assertEquals(o.get("bundle_root").asText(), "0x" + HexFormat.of().formatHex(state.bundleRoot()));
        ScriptResult end = Scheduler.resume(state, simpleEnvironment()).run(-1L);
        assertEquals(new ScriptResult.Exited(0, 312692), end, "a split run ends as the uninterrupted one");
    }

    @Test
    void theAuditRecomputesEveryVmAndTheBundleRoot() throws Exception {
        JsonNode[] report = new JsonNode[1];
        Path file = stoppedState(report);
        CliRun r = CliRun.of("audit", "--json", "--scheduler-state", file.toString(), "--source", SIMPLE);
        assertEquals(0, r.status(), r.toString());
        JsonNode a = json(r);
        assertEquals("match", a.get("verdict").asText());
        assertEquals(report[0].get("bundle_root").asText(), a.get("recomputed_bundle_root").asText());
        assertEquals(2, a.get("vms").size());
        CliRun text = CliRun.of("audit", "--scheduler-state", file.toString(), "--source", SIMPLE);
        assertEquals(0, text.status(), text.toString());
        assertEquals("match", text.lastLine());
        // a root the auditor trusts that is not this one
        CliRun trusted = CliRun.of("audit", "--json", "--scheduler-state", file.toString(), "--source", SIMPLE,
                "--root", "0x" + "00".repeat(32));
        assertEquals(ExitStatus.FAILED, trusted.status(), trusted.toString());
        assertEquals("TrustedRootMismatch", json(trusted).get("reason").asText());
    }

    @Test
    void aWrongRecordedBundleRootIsNamed() throws Exception {
        JsonNode[] report = new JsonNode[1];
        byte[] bytes = Files.readAllBytes(stoppedState(report));
        byte[] root = HexFormat.of().parseHex(report[0].get("bundle_root").asText().substring(2));
        int at = indexOf(bytes, root);
        assertTrue(at >= 0, "the file holds its bundle root");
        bytes[at + 31] ^= 1;
        Path altered = Files.write(dir.resolve("altered.state"), bytes);
        CliRun r = CliRun.of("audit", "--json", "--scheduler-state", altered.toString(), "--source", SIMPLE);
        assertEquals(ExitStatus.FAILED, r.status(), r.toString());
        JsonNode a = json(r);
        assertEquals("mismatch", a.get("verdict").asText());
        assertEquals("BundleRootMismatch", a.get("reason").asText());
        assertEquals(report[0].get("bundle_root").asText(), a.get("recomputed_bundle_root").asText());
        assertFalse(a.get("recorded_bundle_root").asText().equals(a.get("recomputed_bundle_root").asText()));
        CliRun text = CliRun.of("audit", "--scheduler-state", altered.toString(), "--source", SIMPLE);
        assertTrue(text.lastLine().startsWith("MISMATCH (BundleRootMismatch: "), text.toString());
    }

    @Test
    void aVmWhosePagesDoNotHashToItsRecordedRootIsNamed() throws Exception {
        JsonNode[] report = new JsonNode[1];
        SchedulerState state = SchedulerStateCodec.decode(Files.readAllBytes(stoppedState(report)));
        // the second live VM (VM 2: VM 1 has exited) gets one byte of its first dirty page
        // changed, its recorded state root (and so the recorded bundle root) kept: consistent for
        // the decoder, caught only by recomputing
        long child = state.vms().get(1).id();
        assertEquals(2, child);
        List<SchedulerState.Vm> vms = new ArrayList<>();
        for (SchedulerState.Vm vm : state.vms()) {
            if (vm.id() == child) {
                Snapshot s = vm.snapshot();
                List<DirtyPageRange> pages = new ArrayList<>(s.dirtyPages());
                DirtyPageRange first = pages.get(0);
                byte[] content = first.content().clone();
                content[100] ^= 0x5a;
                pages.set(0, new DirtyPageRange(first.address(), first.flags(), content));
                vm = new SchedulerState.Vm(vm.id(), vm.state(), new Snapshot(s.kind(), s.header(), s.state(),
                        s.sources(), s.sourcePages(), pages, s.stateRoot(), s.programSource().orElse(null)));
            }
            vms.add(vm);
        }
        SchedulerState forged = new SchedulerState(state.totalCycles(), state.iterationCycles(), state.nextVmId(),
                state.nextFdSlot(), vms, state.fds(), state.inheritedFds(), state.terminatedVms(),
                state.instantiatedIds(), state.runningVm(), state.bundleRoot());
        Path file = Files.write(dir.resolve("forged.state"), SchedulerStateCodec.encode(forged));
        CliRun r = CliRun.of("audit", "--json", "--scheduler-state", file.toString(), "--source", SIMPLE);
        assertEquals(ExitStatus.FAILED, r.status(), r.toString());
        JsonNode a = json(r);
        assertEquals("VmStateRootMismatch", a.get("reason").asText());
        assertTrue(a.get("detail").asText().startsWith("VM 2 records state root"), a.toString());
        assertTrue(a.get("vms").get(0).get("match").asBoolean());
        assertFalse(a.get("vms").get(1).get("match").asBoolean());
        assertFalse(a.get("recorded_bundle_root").asText().equals(a.get("recomputed_bundle_root").asText()));
    }

    @Test
    void bytesTheDecoderRefusesAreAFailureWithItsReason() throws Exception {
        JsonNode[] report = new JsonNode[1];
        byte[] bytes = Files.readAllBytes(stoppedState(report));
        Path truncated = Files.write(dir.resolve("truncated.state"), java.util.Arrays.copyOf(bytes, 100));
        CliRun r = CliRun.of("audit", "--json", "--scheduler-state", truncated.toString());
        assertEquals(ExitStatus.FAILED, r.status(), r.toString());
        JsonNode e = json(r);
        assertEquals("error", e.get("status").asText());
        assertEquals("Unparseable", e.get("error").asText());
        // an unknown field (number 99, varint 1) after a valid message
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        longer[bytes.length] = (byte) 0x98;
        longer[bytes.length + 1] = 0x06;
        longer[bytes.length + 2] = 0x01;
        Path unknown = Files.write(dir.resolve("unknown.state"), longer);
        CliRun u = CliRun.of("audit", "--json", "--scheduler-state", unknown.toString());
        assertEquals(ExitStatus.FAILED, u.status(), u.toString());
        assertEquals("UnknownFields", json(u).get("error").asText());
        CliRun missing = CliRun.of("audit", "--scheduler-state", dir.resolve("none").toString());
        assertEquals(ExitStatus.USAGE, missing.status(), missing.toString());
    }

    @Test
    void theStoreRefusesAScriptOfSeveralVms() throws Exception {
        Path db = dir.resolve("store");
        String tx = "0x" + "ab".repeat(32);
        CliRun r = CliRun.of("run", "--json", "--max-cycles", "200000", "--db", db.toString(), "--tx", tx,
                "--source", SIMPLE, SIMPLE);
        assertEquals(ExitStatus.USAGE, r.status(), r.toString());
        JsonNode e = json(r);
        assertEquals("Usage", e.get("error").asText());
        assertTrue(e.get("message").asText().startsWith("--db keeps one machine's Snapshot2"), e.toString());
        assertTrue(e.get("message").asText().contains("syscall 2603 (process_id)"), e.toString());
        CliRun list = CliRun.of("store", "list", "--db", db.toString());
        assertEquals(0, list.status(), list.toString());
        assertFalse(list.out().contains("ab".repeat(32)), "nothing was stored: " + list);
        // a single-VM script of version 2 is stored as before
        CliRun single = CliRun.of("run", "--max-cycles", "1000", "--db", db.toString(), "--tx", tx,
                TestVectors.elf("loop_forever").toString());
        assertEquals(ExitStatus.CYCLES_EXCEEDED, single.status(), single.toString());
        CliRun both = CliRun.of("run", "--db", db.toString(), "--tx", tx, "--scheduler-state",
                dir.resolve("x").toString(), SIMPLE);
        assertEquals(ExitStatus.USAGE, both.status(), both.toString());
        assertTrue(both.err().contains("--scheduler-state and --db are alternatives"), both.toString());
    }

    @Test
    void aSnapshotFileRefusesAScriptOfSeveralVms() throws Exception {
        Path out = dir.resolve("s.snapshot");
        CliRun r = CliRun.of("run", "--max-cycles", "200000", "--snapshot-out", out.toString(), "--source", SIMPLE, SIMPLE);
        assertEquals(ExitStatus.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("--snapshot-out keeps one machine's Snapshot2"), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void resumeGoesOnInTheSchedulerFromASnapshotOrAWholeState() throws Exception {
        CliRun whole = CliRun.of("run", "--json", "--source", SIMPLE, SIMPLE);
        String finalRoot = json(whole).get("state_root").asText();
        // stopped before its first syscall it is one machine: a snapshot file; resumed, it spawns
        Path snapshot = dir.resolve("early.snapshot");
        CliRun early = CliRun.of("run", "--max-cycles", "100", "--snapshot-out", snapshot.toString(), "--source", SIMPLE,
                SIMPLE);
        assertEquals(ExitStatus.CYCLES_EXCEEDED, early.status(), early.toString());
        JsonNode end = json(CliRun.of("resume", "--json", "--max-cycles", "10000000", "--source", SIMPLE,
                snapshot.toString()));
        assertEquals("exited", end.get("status").asText(), end.toString());
        assertEquals(312692, end.get("cycles").asLong());
        assertEquals(finalRoot, end.get("state_root").asText());
        // a whole scheduler, stopped again and written again, then to the end
        Path state = stoppedState(new JsonNode[1]);
        Path again = dir.resolve("again.state");
        CliRun second = CliRun.of("resume", "--json", "--max-cycles", "250000", "--scheduler-state", again.toString(),
                "--source", SIMPLE, state.toString());
        assertEquals(ExitStatus.CYCLES_EXCEEDED, second.status(), second.toString());
        assertEquals(again.toString(), json(second).get("scheduler_state").asText());
        JsonNode last = json(CliRun.of("resume", "--json", "--max-cycles", "400000", "--source", SIMPLE, again.toString()));
        assertEquals("exited", last.get("status").asText(), last.toString());
        assertEquals(312692, last.get("cycles").asLong());
        assertEquals(finalRoot, last.get("state_root").asText());
        // a whole scheduler cannot go into one machine's snapshot file
        CliRun refused = CliRun.of("resume", "--max-cycles", "250000", "--snapshot-out", dir.resolve("x").toString(),
                "--source", SIMPLE, state.toString());
        assertEquals(ExitStatus.USAGE, refused.status(), refused.toString());
    }

    @Test
    void aStoredExecutionThatSpawnsWhenResumedIsRefusedAndKept() throws Exception {
        Path db = dir.resolve("store");
        String tx = "0x" + "cd".repeat(32);
        CliRun early = CliRun.of("run", "--max-cycles", "100", "--db", db.toString(), "--tx", tx, "--source", SIMPLE,
                SIMPLE);
        assertEquals(ExitStatus.CYCLES_EXCEEDED, early.status(), early.toString());
        CliRun resumed = CliRun.of("resume", "--json", "--max-cycles", "10000000", "--db", db.toString(), "--tx", tx);
        assertEquals(ExitStatus.USAGE, resumed.status(), resumed.toString());
        assertTrue(json(resumed).get("message").asText().startsWith("--db keeps one machine's Snapshot2"),
                resumed.toString());
        CliRun list = CliRun.of("store", "list", "--db", db.toString());
        assertTrue(list.out().contains("cd".repeat(32)), "the entry stays as it was: " + list);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
