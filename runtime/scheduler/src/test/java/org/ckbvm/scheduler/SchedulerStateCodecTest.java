package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.Consumer;

import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.proto.FdOwner;
import org.ckbvm.proto.SuspendedVm;
import org.ckbvm.proto.VmWaitForExit;
import org.ckbvm.proto.VmWaitForRead;
import org.ckbvm.proto.VmWaitForWrite;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A corrupt, inconsistent or foreign scheduler state is a typed {@link SchedulerStateException},
 * never a crash: each constraint of scheduler.proto refused on its own, then the checks of
 * {@link Scheduler#resume} against the environment.
 */
class SchedulerStateCodecTest {
    private static SchedulerStates.Stopped stopped;
    private static byte[] bytes;

    @BeforeAll
    static void stop() {
        stopped = SchedulerStates.rich();
        bytes = SchedulerStateCodec.encode(stopped.state());
    }

    private static org.ckbvm.proto.SchedulerState message() throws InvalidProtocolBufferException {
        return org.ckbvm.proto.SchedulerState.parseFrom(bytes);
    }

    /** The state with one change made to its message, re-encoded deterministically. */
    private static byte[] changed(Consumer<org.ckbvm.proto.SchedulerState.Builder> change)
            throws InvalidProtocolBufferException {
        org.ckbvm.proto.SchedulerState.Builder b = message().toBuilder();
        change.accept(b);
        return SnapshotCodec.deterministicBytes(b.build());
    }

    private static <T extends SchedulerStateError> T refused(Class<T> kind, byte[] input) {
        SchedulerStateException e = assertThrows(SchedulerStateException.class, () -> SchedulerStateCodec.decode(input));
        return assertInstanceOf(kind, e.reason(), e.getMessage());
    }

    private static <T extends SchedulerStateError> T refused(Class<T> kind,
            Consumer<org.ckbvm.proto.SchedulerState.Builder> change) throws InvalidProtocolBufferException {
        return refused(kind, changed(change));
    }

    private static int indexOf(long vmId) {
        for (int i = 0; i < stopped.state().vms().size(); i++) {
            if (stopped.state().vms().get(i).id() == vmId) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void roundTrip() throws Exception {
        SchedulerState decoded = SchedulerStateCodec.decode(bytes);
        assertEquals(stopped.state(), decoded);
        assertArrayEquals(bytes, SchedulerStateCodec.encode(decoded));
        assertArrayEquals(stopped.scheduler().bundleRoot(), decoded.bundleRoot());
    }

    @Test
    void bytesThatAreNoMessage() {
        refused(SchedulerStateError.Unparseable.class, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        refused(SchedulerStateError.Unparseable.class, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    }

    @Test
    void unknownFieldsAnywhere() throws Exception {
        byte[] extra = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        extra[bytes.length] = (byte) (15 << 3); // field 15, a varint: not in scheduler.proto
        extra[bytes.length + 1] = 1;
        assertEquals("scheduler state", refused(SchedulerStateError.UnknownFields.class, extra).field());
        com.google.protobuf.UnknownFieldSet unknown = com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(9, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build();
        assertEquals("vms[1]", refused(SchedulerStateError.UnknownFields.class,
                b -> b.setVms(1, b.getVms(1).toBuilder().setUnknownFields(unknown))).field());
        assertEquals("fds[0]", refused(SchedulerStateError.UnknownFields.class,
                b -> b.setFds(0, b.getFds(0).toBuilder().setUnknownFields(unknown))).field());
    }

    @Test
    void anotherFormatVersion() throws Exception {
        assertEquals(2, refused(SchedulerStateError.UnsupportedFormatVersion.class, b -> b.setFormatVersion(2)).version());
    }

    @Test
    void nonCanonicalBytes() throws Exception {
        // the same total_cycles once more at the end: protobuf takes the last, the value is unchanged
        com.google.protobuf.ByteString.Output out = ByteString.newOutput();
        com.google.protobuf.CodedOutputStream c = com.google.protobuf.CodedOutputStream.newInstance(out);
        c.writeUInt64(2, stopped.state().totalCycles());
        c.flush();
        byte[] twice = Guest.concat(bytes, out.toByteString().toByteArray());
        refused(SchedulerStateError.NonCanonicalEncoding.class, twice);
    }

    @Test
    void bundleRoots() throws Exception {
        refused(SchedulerStateError.BadBundleRootLength.class, b -> b.setBundleRoot(ByteString.copyFrom(new byte[31])));
        byte[] flipped = stopped.state().bundleRoot();
        flipped[0] ^= 1;
        refused(SchedulerStateError.BundleRootMismatch.class, b -> b.setBundleRoot(ByteString.copyFrom(flipped)));
        refused(SchedulerStateError.BundleRootMismatch.class, b -> b.setTotalCycles(b.getTotalCycles() + 1));
    }

    @Test
    void brokenVms() throws Exception {
        SchedulerStateError.BadSnapshot bad = refused(SchedulerStateError.BadSnapshot.class,
                b -> b.setVms(0, b.getVms(0).toBuilder().setSnapshot(b.getVms(0).getSnapshot().toBuilder().clearRegisters()
                        .addAllRegisters(b.getVms(0).getSnapshot().getRegistersList().subList(0, 31)))));
        assertInstanceOf(SnapshotFormatError.BadRegisterCount.class, bad.reason());
        assertEquals("vms[2].state", refused(SchedulerStateError.MissingField.class,
                b -> b.setVms(2, b.getVms(2).toBuilder().clearState())).field());
        assertEquals("vms[2].snapshot", refused(SchedulerStateError.MissingField.class,
                b -> b.setVms(2, b.getVms(2).toBuilder().clearSnapshot())).field());
        refused(SchedulerStateError.OutOfOrder.class, b -> {
            SuspendedVm one = b.getVms(1);
            b.setVms(1, b.getVms(2)).setVms(2, one);
        });
        refused(SchedulerStateError.NoRootVm.class, b -> b.removeVms(0));
        refused(SchedulerStateError.BadNumber.class, b -> b.setNextVmId(1));
        refused(SchedulerStateError.InconsistentSnapshot.class, b -> b.setVms(1, b.getVms(1).toBuilder().setSnapshot(
                b.getVms(1).getSnapshot().toBuilder().setHeader(
                        b.getVms(1).getSnapshot().getHeader().toBuilder().setMemorySize(8 << 20)))));
    }

    @Test
    void impossibleVmStates() throws Exception {
        int child = indexOf(stopped.state().vms().get(1).id());
        refused(SchedulerStateError.BadNumber.class, b -> b.setVms(child, b.getVms(child).toBuilder()
                .setRead(VmWaitForRead.newBuilder().setFd(3))));
        refused(SchedulerStateError.BadNumber.class, b -> b.setVms(child, b.getVms(child).toBuilder()
                .setWrite(VmWaitForWrite.newBuilder().setFd(3).setConsumed(5).setLength(4))));
        refused(SchedulerStateError.BadNumber.class, b -> b.setVms(child, b.getVms(child).toBuilder()
                .setRead(VmWaitForRead.newBuilder().setFd(b.getNextFdSlot()))));
        long running = stopped.state().runningVm().getAsLong();
        int r = indexOf(running);
        refused(SchedulerStateError.Contradiction.class, b -> b.setVms(r, b.getVms(r).toBuilder()
                .setWait(VmWaitForExit.newBuilder().setTargetVmId(0))));
    }

    @Test
    void fdsAndTheirOwners() throws Exception {
        refused(SchedulerStateError.UnknownVm.class, b -> b.setFds(0, b.getFds(0).toBuilder().setVmId(99)));
        refused(SchedulerStateError.BadNumber.class, b -> b.setFds(0, b.getFds(0).toBuilder().setFd(1)));
        refused(SchedulerStateError.BadNumber.class, b -> b.setNextFdSlot(b.getNextFdSlot() + 1));
        refused(SchedulerStateError.OutOfOrder.class, b -> b.addFds(FdOwner.newBuilder().setFd(2).setVmId(0)));
        refused(SchedulerStateError.TooMany.class, b -> {
            b.clearFds().setNextFdSlot(1000);
            for (int fd = 2; fd < 2 + 66; fd++) {
                b.addFds(FdOwner.newBuilder().setFd(fd).setVmId(0));
            }
        });
    }

    @Test
    void inheritedFdsAndExitCodes() throws Exception {
        refused(SchedulerStateError.MissingField.class, b -> b.removeInheritedFds(b.getInheritedFdsCount() - 1));
        refused(SchedulerStateError.Contradiction.class, b -> b.addInheritedFds(0,
                org.ckbvm.proto.InheritedFds.newBuilder().setVmId(0)));
        refused(SchedulerStateError.Contradiction.class, b -> b.clearTerminatedVms()
                .addTerminatedVms(org.ckbvm.proto.ExitCode.newBuilder().setVmId(0).setExitCode(1)));
        refused(SchedulerStateError.BadNumber.class, b -> b.clearTerminatedVms()
                .addTerminatedVms(org.ckbvm.proto.ExitCode.newBuilder().setVmId(1).setExitCode(200)));
    }

    @Test
    void instantiatedAndRunningVms() throws Exception {
        refused(SchedulerStateError.TooMany.class, b -> b.clearInstantiatedIds()
                .addAllInstantiatedIds(stopped.state().vms().stream().map(SchedulerState.Vm::id).toList()));
        refused(SchedulerStateError.OutOfOrder.class, b -> b.clearInstantiatedIds().addAllInstantiatedIds(List.of(0L, 0L)));
        refused(SchedulerStateError.UnknownVm.class, b -> b.setInstantiatedIds(3, 99));
        long notInstantiated = stopped.state().vms().stream().map(SchedulerState.Vm::id)
                .filter(id -> !stopped.state().instantiatedIds().contains(id)).findFirst().orElseThrow();
        refused(SchedulerStateError.UnknownVm.class, b -> b.setRunningVm(notInstantiated));
        refused(SchedulerStateError.Contradiction.class, b -> b.clearRunningVm().setIterationCycles(100_000));
    }

    // ---- resume: the state against the environment ---------------------------------------------

    private static SchedulerStateError resumeRefused(ScriptEnvironment env) throws Exception {
        SchedulerState state = SchedulerStateCodec.decode(bytes);
        return assertThrows(SchedulerStateException.class, () -> Scheduler.resume(state, env)).reason();
    }

    @Test
    void anotherMachineConfiguration() throws Exception {
        ScriptEnvironment env = stopped.env();
        ScriptEnvironment v1 = new ScriptEnvironment(MachineConfig.defaults().withVersion(1), env.dataSource(),
                env.program(), env.sources(), List.of(), m -> { }, List.of(), env.engine());
        SchedulerStateError.VmResumeFailed e = assertInstanceOf(SchedulerStateError.VmResumeFailed.class, resumeRefused(v1));
        assertInstanceOf(ResumeException.Reason.SnapshotVersionMismatch.class, e.reason());
    }

    @Test
    void otherSourcesOrAMissingBlob() throws Exception {
        ScriptEnvironment env = stopped.env();
        ScriptEnvironment noSources = new ScriptEnvironment(env.config(), env.dataSource(), env.program(), List.of(),
                List.of(), m -> { }, List.of(), env.engine());
        assertInstanceOf(SchedulerStateError.SourcesMismatch.class, resumeRefused(noSources));
        ScriptEnvironment empty = new ScriptEnvironment(env.config(), (id, o, l) -> java.util.Optional.<DataSlice>empty(),
                env.program(), env.sources(), List.of(), m -> { }, List.of(), env.engine());
        SchedulerStateError.VmResumeFailed e = assertInstanceOf(SchedulerStateError.VmResumeFailed.class, resumeRefused(empty));
        assertInstanceOf(ResumeException.Reason.MissingSource.class, e.reason());
    }

    @Test
    void aVmWhoseMemoryIsNotItsRecordedRoot() throws Exception {
        // one byte of a child's dirty page changed: the recorded roots (and so the bundle root) still
        // agree, but that VM no longer resumes to its root
        int child = stopped.state().vms().size() - 1;
        byte[] tampered = changed(b -> {
            org.ckbvm.proto.Snapshot snap = b.getVms(child).getSnapshot();
            byte[] content = snap.getDirtyPages(0).getContent().toByteArray();
            content[0] ^= 1;
            b.setVms(child, b.getVms(child).toBuilder().setSnapshot(snap.toBuilder()
                    .setDirtyPages(0, snap.getDirtyPages(0).toBuilder().setContent(ByteString.copyFrom(content)))));
        });
        SchedulerState state = SchedulerStateCodec.decode(tampered);
        SchedulerStateException e = assertThrows(SchedulerStateException.class, () -> Scheduler.resume(state, stopped.env()));
        SchedulerStateError.VmResumeFailed failed = assertInstanceOf(SchedulerStateError.VmResumeFailed.class, e.reason());
        assertEquals(stopped.state().vms().get(child).id(), failed.vmId());
        assertInstanceOf(ResumeException.Reason.StateRootMismatch.class, failed.reason());
    }
}
