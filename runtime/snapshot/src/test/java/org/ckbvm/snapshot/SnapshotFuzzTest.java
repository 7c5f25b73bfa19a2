package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of snapshot decoding and resume. Any bytes are either refused by
 * {@link SnapshotCodec#decode} with a {@link SnapshotFormatException}, or decode to a snapshot
 * whose canonical encoding is exactly those bytes; such a snapshot is then resumed against the
 * blobs of {@code testvectors/elf/load_blob} (its program and both cell deps): either a
 * {@link ResumeException} with its reason, or a machine whose recomputed state root is the
 * recorded one (never a silently different state), which then runs on with a typed result.
 *
 * <p>Seeds: real v1 and v2 snapshots of {@code load_blob} at several stop points (written by
 * {@link #writeSeeds}). Regression inputs: {@code src/test/resources/org/ckbvm/snapshot/SnapshotFuzzTestInputs/}.
 */
class SnapshotFuzzTest {
    private static final InMemoryDataSource BLOBS = new InMemoryDataSource();
    private static final SourceId PROGRAM;
    private static final List<SourceId> SOURCES;

    static {
        try {
            Path elf = TestVectors.root().resolve("elf");
            PROGRAM = BLOBS.add(Files.readAllBytes(elf.resolve("load_blob")));
            SOURCES = List.of(BLOBS.add(Files.readAllBytes(elf.resolve("blob_data.bin"))),
                    BLOBS.add(Files.readAllBytes(elf.resolve("blob_code.bin"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void snapshotBytes(byte[] input) throws Exception {
        Snapshot snapshot;
        try {
            snapshot = SnapshotCodec.decode(input);
        } catch (SnapshotFormatException e) {
            assertTrue(e.reason() != null && e.getMessage() != null);
            return;
        }
        assertArrayEquals(input, SnapshotCodec.encode(snapshot), "accepted bytes are not canonical");
        MachineConfig config = snapshot.header().toConfig();
        SuspendableMachine sm;
        try {
            sm = SuspendableMachine.resume(snapshot, BLOBS, config, m -> { }, List.of());
        } catch (ResumeException e) {
            assertTrue(e.reason() != null && e.getMessage() != null);
            return;
        }
        assertArrayEquals(snapshot.stateRoot(), sm.stateRoot(), "resumed to a state its root does not name");
        assertEquals(snapshot.state().cycles(), sm.machine().cycles());
        sm.machine().setEngine(Engine.INTERP);
        long before = sm.machine().cycles();
        RunResult r = sm.run(before + 20_000);
        assertTrue(r != null && Long.compareUnsigned(sm.machine().cycles(), before) >= 0, "cycles decreased");
    }

    @Test
    void aNonZeroX0IsMalformed() throws Exception {
        MachineConfig config = new MachineConfig(2, IsaFlags.DEFAULT, CostModel.CKB, Memory.DEFAULT_SIZE);
        SuspendableMachine sm = SuspendableMachine.boot(config, BLOBS, PROGRAM, SOURCES, List.of(), m -> { }, List.of());
        sm.run(sm.machine().cycles() + 1000);
        Snapshot good = sm.snapshot(Snapshot.Kind.V2);
        long[] regs = good.state().registers().clone();
        regs[0] = 1;
        MachineRegisters r = good.state();
        Snapshot bad = new Snapshot(good.kind(), good.header(), new MachineRegisters(regs, r.pc(), r.cycles(),
                r.maxCycles(), r.loadReservation()), good.sources(), good.sourcePages(), good.dirtyPages(),
                good.stateRoot(), good.programSource().orElse(null));
        ResumeException e = org.junit.jupiter.api.Assertions.assertThrows(ResumeException.class,
                () -> SuspendableMachine.resume(bad, BLOBS, config, m -> { }, List.of()));
        org.junit.jupiter.api.Assertions.assertInstanceOf(ResumeException.Reason.Malformed.class, e.reason());
    }

    /** {@code -Dckbvm.fuzz.writeSeeds=true}: v1 and v2 snapshots of load_blob at 4 stop points. */
    @Test
    @EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/ckbvm/snapshot/SnapshotFuzzTestInputs/snapshotBytes");
        Files.createDirectories(dir);
        MachineConfig config = new MachineConfig(2, IsaFlags.DEFAULT, CostModel.CKB, Memory.DEFAULT_SIZE);
        SuspendableMachine probe = SuspendableMachine.boot(config, BLOBS, PROGRAM, SOURCES, List.of(), m -> { }, List.of());
        probe.run(-1L);
        long total = probe.machine().cycles();
        for (int quarter = 1; quarter <= 4; quarter++) {
            SuspendableMachine sm = SuspendableMachine.boot(config, BLOBS, PROGRAM, SOURCES, List.of(), m -> { }, List.of());
            sm.run(total * quarter / 5);
            Files.write(dir.resolve("load_blob-v2-" + quarter), SnapshotCodec.encode(sm.snapshot(Snapshot.Kind.V2)));
            if (quarter == 1) {
                Files.write(dir.resolve("load_blob-v1-" + quarter), SnapshotCodec.encode(sm.snapshot(Snapshot.Kind.V1)));
            }
        }
    }
}
