package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each way a snapshot can be unfit to resume is refused with its own reason, and nothing runs. */
class ResumeRejectionTest {
    private static final MachineConfig CONFIG = MachineConfig.defaults();

    private InMemoryDataSource blobs;
    private SourceId data;
    private Snapshot snapshot;

    /** load_blob, suspended after it loaded its 192 KiB data blob: 48 of its pages are source pages. */
    @BeforeEach
    void suspendLoadBlob() throws Exception {
        blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(TestVectors.elf("load_blob")));
        data = blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin")));
        SourceId code = blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin")));
        SuspendableMachine sm = SuspendableMachine.boot(CONFIG, blobs, program, List.of(data, code), List.of(),
                m -> { }, List.of());
        assertInstanceOf(RunResult.CyclesExceeded.class, sm.run(2_000_000));
        snapshot = sm.snapshot(Snapshot.Kind.V2);
        assertEquals(48, snapshot.sourcePageCount());
    }

    private ResumeException.Reason refused(Snapshot s, DataSource source, MachineConfig config) {
        return assertThrows(ResumeException.class,
                () -> SuspendableMachine.resume(s, source, config, m -> { }, List.of())).reason();
    }

    @Test
    void theUntouchedSnapshotResumes() throws Exception {
        SuspendableMachine sm = SuspendableMachine.resume(snapshot, blobs, CONFIG, m -> { }, List.of());
        assertArrayEquals(snapshot.stateRoot(), sm.stateRoot());
    }

    @Test
    void everyHeaderFieldMustMatch() {
        assertEquals("machine version", ((ResumeException.Reason.SnapshotVersionMismatch)
                refused(snapshot, blobs, CONFIG.withVersion(1))).field());
        assertEquals("ISA", ((ResumeException.Reason.SnapshotVersionMismatch)
                refused(snapshot, blobs, CONFIG.withIsa(IsaFlags.ALL))).field());
        assertEquals("cost model", ((ResumeException.Reason.SnapshotVersionMismatch)
                refused(snapshot, blobs, CONFIG.withCostModel(CostModel.UNIT))).field());
        assertEquals("memory size", ((ResumeException.Reason.SnapshotVersionMismatch)
                refused(snapshot, blobs, CONFIG.withMemorySize(8L << 20))).field());
    }

    @Test
    void aMissingSourceIsNamed() {
        ResumeException.Reason reason = refused(snapshot, new InMemoryDataSource(), CONFIG);
        assertEquals(new ResumeException.Reason.MissingSource(data), reason);
    }

    @Test
    void aSourceWhoseContentChangedIsRefused() {
        DataSource altered = (id, offset, length) -> blobs.load(id, offset, length).map(slice -> {
            byte[] bytes = slice.bytes();
            bytes[bytes.length / 2] ^= 1;
            return new DataSlice(bytes, slice.fullLength());
        });
        assertInstanceOf(ResumeException.Reason.SourceContentMismatch.class, refused(snapshot, altered, CONFIG));
    }

    @Test
    void aTamperedDirtyPageBreaksTheStateRoot() {
        List<DirtyPageRange> pages = new ArrayList<>(snapshot.dirtyPages());
        DirtyPageRange first = pages.get(0);
        byte[] content = first.content();
        content[100] ^= 0x40;
        pages.set(0, new DirtyPageRange(first.address(), first.flags(), content));
        Snapshot tampered = new Snapshot(snapshot.kind(), snapshot.header(), snapshot.state(), snapshot.sources(),
                snapshot.sourcePages(), pages, snapshot.stateRoot(), snapshot.program());
        assertInstanceOf(ResumeException.Reason.StateRootMismatch.class, refused(tampered, blobs, CONFIG));
    }

    @Test
    void tamperedRegistersOrCyclesBreakTheStateRoot() {
        MachineRegisters s = snapshot.state();
        long[] regs = s.registers();
        regs[10] ^= 1;
        Snapshot badRegister = new Snapshot(snapshot.kind(), snapshot.header(),
                new MachineRegisters(regs, s.pc(), s.cycles(), s.maxCycles(), s.loadReservation()),
                snapshot.sources(), snapshot.sourcePages(), snapshot.dirtyPages(), snapshot.stateRoot(), snapshot.program());
        assertInstanceOf(ResumeException.Reason.StateRootMismatch.class, refused(badRegister, blobs, CONFIG));
        Snapshot badCycles = new Snapshot(snapshot.kind(), snapshot.header(),
                new MachineRegisters(s.registers(), s.pc(), s.cycles() - 1, s.maxCycles(), s.loadReservation()),
                snapshot.sources(), snapshot.sourcePages(), snapshot.dirtyPages(), snapshot.stateRoot(), snapshot.program());
        assertInstanceOf(ResumeException.Reason.StateRootMismatch.class, refused(badCycles, blobs, CONFIG));
    }

    @Test
    void truncatedOrExtendedBytesAreRejectedBeforeResume() {
        byte[] bytes = SnapshotCodec.encode(snapshot);
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        byte[] unknownField = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        unknownField[bytes.length] = (byte) (99 << 3); // field 99, varint
        unknownField[bytes.length + 1] = 1;
        assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode(unknownField));
    }
}
