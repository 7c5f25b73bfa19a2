package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;

import org.ckbvm.proto.ExitCode;
import org.ckbvm.proto.FdOwner;
import org.ckbvm.proto.InheritedFds;
import org.ckbvm.proto.SuspendedVm;
import org.ckbvm.proto.VmRunnable;
import org.ckbvm.proto.VmWaitForExit;
import org.ckbvm.proto.VmWaitForRead;
import org.ckbvm.proto.VmWaitForWrite;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.scheduler.SchedulerStateError.*;

/**
 * Converts {@link SchedulerState} values to and from {@code ckbvm.v1.SchedulerState} protobuf bytes
 * ({@code proto/src/main/proto/scheduler.proto}, which documents every field and constraint), with
 * the project's one deterministic serializer ({@link SnapshotCodec#deterministicBytes}).
 *
 * <p>Strict both ways, as {@link SnapshotCodec}: {@link #decode} accepts exactly what
 * {@link #encode} writes for valid states and refuses anything else with a
 * {@link SchedulerStateException} naming the reason; whatever the input it throws nothing else.
 * A decoded state is also consistent (every check of {@link #check}, including the bundle root
 * recomputed from the VMs' recorded roots), so resuming it cannot crash the scheduler.
 */
public final class SchedulerStateCodec {
    private static final int ROOT_LENGTH = 32;
    private static final int MAX_LIVE_VMS = SchedulerConstants.MAX_VMS_COUNT + 1;
    private static final int MAX_OPEN_FDS = SchedulerConstants.MAX_FDS + 1;

    private SchedulerStateCodec() {}

    /**
     * The canonical bytes of {@code state}.
     *
     * @throws IllegalArgumentException if {@link #decode} would refuse the result (the cause says why)
     */
    public static byte[] encode(SchedulerState state) {
        try {
            check(state);
        } catch (SchedulerStateException e) {
            throw new IllegalArgumentException("not a valid scheduler state: " + e.getMessage(), e);
        }
        return SnapshotCodec.deterministicBytes(toMessage(state));
    }

    /**
     * Parses and checks scheduler state bytes.
     *
     * @throws SchedulerStateException for anything {@link #encode} would not have produced from a
     *         valid state
     */
    public static SchedulerState decode(byte[] bytes) throws SchedulerStateException {
        Objects.requireNonNull(bytes, "bytes");
        org.ckbvm.proto.SchedulerState message;
        try {
            message = org.ckbvm.proto.SchedulerState.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw fail(new Unparseable(String.valueOf(e.getMessage())));
        }
        SchedulerState state = toValue(message);
        check(state);
        byte[] canonical = SnapshotCodec.deterministicBytes(message);
        int mismatch = Arrays.mismatch(canonical, bytes);
        if (mismatch >= 0) {
            throw fail(new NonCanonicalEncoding(canonical.length != bytes.length
                    ? "the value encodes to " + canonical.length + " bytes, got " + bytes.length
                    : "differs from the value's encoding at byte " + mismatch));
        }
        return state;
    }

    // ---- value -> message ---------------------------------------------------------------------

    private static org.ckbvm.proto.SchedulerState toMessage(SchedulerState s) {
        org.ckbvm.proto.SchedulerState.Builder b = org.ckbvm.proto.SchedulerState.newBuilder()
                .setFormatVersion(SchedulerState.FORMAT_VERSION)
                .setTotalCycles(s.totalCycles())
                .setIterationCycles(s.iterationCycles())
                .setNextVmId(s.nextVmId())
                .setNextFdSlot(s.nextFdSlot());
        for (SchedulerState.Vm vm : s.vms()) {
            SuspendedVm.Builder v = SuspendedVm.newBuilder().setId(vm.id()).setSnapshot(SnapshotCodec.message(vm.snapshot()));
            VmState state = vm.state();
            if (state instanceof VmState.Wait w) {
                v.setWait(VmWaitForExit.newBuilder().setTargetVmId(w.targetVmId()).setExitCodeAddr(w.exitCodeAddr()));
            } else if (state instanceof VmState.WaitForRead r) {
                v.setRead(VmWaitForRead.newBuilder().setFd(r.fd()).setLength(r.length()).setBufferAddr(r.bufferAddr())
                        .setLengthAddr(r.lengthAddr()));
            } else if (state instanceof VmState.WaitForWrite w) {
                v.setWrite(VmWaitForWrite.newBuilder().setFd(w.fd()).setConsumed(w.consumed()).setLength(w.length())
                        .setBufferAddr(w.bufferAddr()).setLengthAddr(w.lengthAddr()));
            } else {
                v.setRunnable(VmRunnable.getDefaultInstance());
            }
            b.addVms(v);
        }
        s.fds().forEach(f -> b.addFds(FdOwner.newBuilder().setFd(f.fd()).setVmId(f.vmId())));
        s.inheritedFds().forEach(i -> b.addInheritedFds(InheritedFds.newBuilder().setVmId(i.vmId()).addAllFds(i.fds())));
        s.terminatedVms().forEach(t -> b.addTerminatedVms(ExitCode.newBuilder().setVmId(t.vmId()).setExitCode(t.exitCode())));
        b.addAllInstantiatedIds(s.instantiatedIds());
        s.runningVm().ifPresent(b::setRunningVm);
        return b.setBundleRoot(UnsafeByteOperations.unsafeWrap(s.bundleRoot())).build();
    }

    // ---- message -> value ---------------------------------------------------------------------

    private static SchedulerState toValue(org.ckbvm.proto.SchedulerState m) throws SchedulerStateException {
        requireNoUnknownFields("scheduler state", m.getUnknownFields());
        if (m.getFormatVersion() != SchedulerState.FORMAT_VERSION) {
            throw fail(new UnsupportedFormatVersion(Integer.toUnsignedLong(m.getFormatVersion())));
        }
        if (m.getBundleRoot().size() != ROOT_LENGTH) {
            throw fail(new BadBundleRootLength(m.getBundleRoot().size()));
        }
        List<SchedulerState.Vm> vms = new ArrayList<>(m.getVmsCount());
        for (int i = 0; i < m.getVmsCount(); i++) {
            vms.add(vm(m.getVms(i), "vms[" + i + "]"));
        }
        List<SchedulerState.FdOwner> fds = new ArrayList<>(m.getFdsCount());
        for (int i = 0; i < m.getFdsCount(); i++) {
            FdOwner f = m.getFds(i);
            requireNoUnknownFields("fds[" + i + "]", f.getUnknownFields());
            fds.add(new SchedulerState.FdOwner(f.getFd(), f.getVmId()));
        }
        List<SchedulerState.InheritedFds> inherited = new ArrayList<>(m.getInheritedFdsCount());
        for (int i = 0; i < m.getInheritedFdsCount(); i++) {
            InheritedFds f = m.getInheritedFds(i);
            requireNoUnknownFields("inherited_fds[" + i + "]", f.getUnknownFields());
            inherited.add(new SchedulerState.InheritedFds(f.getVmId(), f.getFdsList()));
        }
        List<SchedulerState.ExitCode> terminated = new ArrayList<>(m.getTerminatedVmsCount());
        for (int i = 0; i < m.getTerminatedVmsCount(); i++) {
            ExitCode t = m.getTerminatedVms(i);
            requireNoUnknownFields("terminated_vms[" + i + "]", t.getUnknownFields());
            if (t.getExitCode() < Byte.MIN_VALUE || t.getExitCode() > Byte.MAX_VALUE) {
                throw fail(new BadNumber("terminated_vms[" + i + "].exit_code", t.getExitCode(), "not an int8"));
            }
            terminated.add(new SchedulerState.ExitCode(t.getVmId(), t.getExitCode()));
        }
        OptionalLong running = m.hasRunningVm() ? OptionalLong.of(m.getRunningVm()) : OptionalLong.empty();
        return new SchedulerState(m.getTotalCycles(), m.getIterationCycles(), m.getNextVmId(), m.getNextFdSlot(), vms,
                fds, inherited, terminated, m.getInstantiatedIdsList(), running, m.getBundleRoot().toByteArray());
    }

    private static SchedulerState.Vm vm(SuspendedVm v, String field) throws SchedulerStateException {
        requireNoUnknownFields(field, v.getUnknownFields());
        VmState state;
        switch (v.getStateCase()) {
            case RUNNABLE:
                requireNoUnknownFields(field + ".runnable", v.getRunnable().getUnknownFields());
                state = VmState.RUNNABLE;
                break;
            case WAIT:
                VmWaitForExit w = v.getWait();
                requireNoUnknownFields(field + ".wait", w.getUnknownFields());
                state = new VmState.Wait(w.getTargetVmId(), w.getExitCodeAddr());
                break;
            case READ:
                VmWaitForRead r = v.getRead();
                requireNoUnknownFields(field + ".read", r.getUnknownFields());
                state = new VmState.WaitForRead(r.getFd(), r.getLength(), r.getBufferAddr(), r.getLengthAddr());
                break;
            case WRITE:
                VmWaitForWrite x = v.getWrite();
                requireNoUnknownFields(field + ".write", x.getUnknownFields());
                state = new VmState.WaitForWrite(x.getFd(), x.getConsumed(), x.getLength(), x.getBufferAddr(),
                        x.getLengthAddr());
                break;
            default:
                throw fail(new MissingField(field + ".state"));
        }
        if (!v.hasSnapshot()) {
            throw fail(new MissingField(field + ".snapshot"));
        }
        try {
            return new SchedulerState.Vm(v.getId(), state, SnapshotCodec.fromMessage(v.getSnapshot()));
        } catch (SnapshotFormatException e) {
            throw fail(new BadSnapshot(field + ".snapshot", e.reason()));
        }
    }

    private static void requireNoUnknownFields(String field, UnknownFieldSet unknown) throws SchedulerStateException {
        if (!unknown.asMap().isEmpty()) {
            throw fail(new UnknownFields(field, List.copyOf(unknown.asMap().keySet())));
        }
    }

    // ---- consistency --------------------------------------------------------------------------

    /**
     * Every constraint of {@code scheduler.proto} on a state value, ending with its bundle root
     * recomputed from the VMs' recorded state roots. Used by {@link #encode}, {@link #decode} and
     * {@link Scheduler#resume}.
     */
    static void check(SchedulerState s) throws SchedulerStateException {
        if (s.bundleRoot().length != ROOT_LENGTH) {
            throw fail(new BadBundleRootLength(s.bundleRoot().length));
        }
        long nextVm = s.nextVmId();
        long nextFd = s.nextFdSlot();
        if ((nextFd & 1) != 0 || Long.compareUnsigned(nextFd, SchedulerConstants.FIRST_FD_SLOT) < 0) {
            throw fail(new BadNumber("next_fd_slot", nextFd, "must be even and at least 2"));
        }
        List<SchedulerState.Vm> vms = s.vms();
        if (vms.isEmpty() || vms.get(0).id() != SchedulerConstants.ROOT_VM_ID) {
            throw fail(new NoRootVm());
        }
        if (vms.size() > MAX_LIVE_VMS) {
            throw fail(new TooMany("vms", vms.size(), MAX_LIVE_VMS));
        }
        TreeMap<Long, VmState> states = new TreeMap<>();
        Snapshot first = vms.get(0).snapshot();
        for (int i = 0; i < vms.size(); i++) {
            SchedulerState.Vm vm = vms.get(i);
            String field = "vms[" + i + "]";
            if (i > 0 && Long.compareUnsigned(vm.id(), vms.get(i - 1).id()) <= 0) {
                throw fail(new OutOfOrder("vms"));
            }
            below(field + ".id", vm.id(), nextVm, "next_vm_id");
            checkSnapshot(field + ".snapshot", vm.snapshot(), first);
            checkState(field + ".state", vm.state(), nextFd);
            states.put(vm.id(), vm.state());
        }
        if (s.fds().size() > MAX_OPEN_FDS) {
            throw fail(new TooMany("fds", s.fds().size(), MAX_OPEN_FDS));
        }
        for (int i = 0; i < s.fds().size(); i++) {
            SchedulerState.FdOwner f = s.fds().get(i);
            if (i > 0 && Long.compareUnsigned(f.fd(), s.fds().get(i - 1).fd()) <= 0) {
                throw fail(new OutOfOrder("fds"));
            }
            checkFd("fds[" + i + "].fd", f.fd(), nextFd);
            if (!states.containsKey(f.vmId())) {
                throw fail(new UnknownVm("fds[" + i + "].vm_id", f.vmId()));
            }
        }
        Set<Long> inherited = new HashSet<>();
        for (int i = 0; i < s.inheritedFds().size(); i++) {
            SchedulerState.InheritedFds list = s.inheritedFds().get(i);
            String field = "inherited_fds[" + i + "]";
            if (i > 0 && Long.compareUnsigned(list.vmId(), s.inheritedFds().get(i - 1).vmId()) <= 0) {
                throw fail(new OutOfOrder("inherited_fds"));
            }
            if (list.vmId() == SchedulerConstants.ROOT_VM_ID) {
                throw fail(new Contradiction(field + " is the root's, which never has a list"));
            }
            below(field + ".vm_id", list.vmId(), nextVm, "next_vm_id");
            for (int k = 0; k < list.fds().size(); k++) {
                checkFd(field + ".fds[" + k + "]", list.fds().get(k), nextFd);
            }
            inherited.add(list.vmId());
        }
        for (long id : states.keySet()) {
            if (id != SchedulerConstants.ROOT_VM_ID && !inherited.contains(id)) {
                throw fail(new MissingField("inherited_fds of VM " + Long.toUnsignedString(id)));
            }
        }
        for (int i = 0; i < s.terminatedVms().size(); i++) {
            SchedulerState.ExitCode t = s.terminatedVms().get(i);
            String field = "terminated_vms[" + i + "]";
            if (i > 0 && Long.compareUnsigned(t.vmId(), s.terminatedVms().get(i - 1).vmId()) <= 0) {
                throw fail(new OutOfOrder("terminated_vms"));
            }
            below(field + ".vm_id", t.vmId(), nextVm, "next_vm_id");
            if (states.containsKey(t.vmId())) {
                throw fail(new Contradiction(field + ": VM " + t.vmId() + " is live"));
            }
            if (t.exitCode() < Byte.MIN_VALUE || t.exitCode() > Byte.MAX_VALUE) {
                throw fail(new BadNumber(field + ".exit_code", t.exitCode(), "not an int8"));
            }
        }
        checkInstantiated(s, states);
        requireBundleRoot(s.bundleRoot(), bundleRoot(s));
    }

    /** The bundle root of a state's parts, with the VMs' recorded state roots (STATE_ROOT.md Part III). */
    static byte[] bundleRoot(SchedulerState s) {
        TreeMap<Long, VmState> states = new TreeMap<>();
        TreeMap<Long, byte[]> roots = new TreeMap<>();
        s.vms().forEach(vm -> {
            states.put(vm.id(), vm.state());
            roots.put(vm.id(), vm.snapshot().stateRoot());
        });
        TreeMap<Long, Long> fds = new TreeMap<>();
        s.fds().forEach(f -> fds.put(f.fd(), f.vmId()));
        TreeMap<Long, List<Long>> inherited = new TreeMap<>();
        s.inheritedFds().forEach(i -> inherited.put(i.vmId(), i.fds()));
        TreeMap<Long, Integer> terminated = new TreeMap<>();
        s.terminatedVms().forEach(t -> terminated.put(t.vmId(), t.exitCode()));
        return BundleRoot.of(s.totalCycles(), s.iterationCycles(), s.nextVmId(), s.nextFdSlot(), s.runningVm(), states,
                roots, fds, inherited, terminated, s.instantiatedIds());
    }

    private static void checkInstantiated(SchedulerState s, TreeMap<Long, VmState> states)
            throws SchedulerStateException {
        List<Long> ids = s.instantiatedIds();
        if (ids.size() > SchedulerConstants.MAX_INSTANTIATED_VMS) {
            throw fail(new TooMany("instantiated_ids", ids.size(), SchedulerConstants.MAX_INSTANTIATED_VMS));
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0 && Long.compareUnsigned(ids.get(i), ids.get(i - 1)) <= 0) {
                throw fail(new OutOfOrder("instantiated_ids"));
            }
            if (!states.containsKey(ids.get(i))) {
                throw fail(new UnknownVm("instantiated_ids[" + i + "]", ids.get(i)));
            }
            seen.add(ids.get(i));
        }
        if (s.runningVm().isPresent()) {
            long running = s.runningVm().getAsLong();
            if (!seen.contains(running)) {
                throw fail(new UnknownVm("running_vm (not instantiated)", running));
            }
            if (!(states.get(running) instanceof VmState.Runnable)) {
                throw fail(new Contradiction("running_vm " + running + " is not runnable"));
            }
        } else if (s.iterationCycles() != 0) {
            throw fail(new Contradiction("iteration_cycles is " + Long.toUnsignedString(s.iterationCycles())
                    + " between iterations (no running_vm)"));
        }
    }

    /** Snapshot2 only, and every VM under the root's configuration and sources. */
    private static void checkSnapshot(String field, Snapshot snapshot, Snapshot root) throws SchedulerStateException {
        if (snapshot.kind() != Snapshot.Kind.V2) {
            throw fail(new InconsistentSnapshot(field, "a VM is kept as a Snapshot2 (kind V2), not " + snapshot.kind()));
        }
        if (!snapshot.header().equals(root.header())) {
            throw fail(new InconsistentSnapshot(field, "configuration " + snapshot.header() + " differs from the root's "
                    + root.header()));
        }
        if (!snapshot.sources().equals(root.sources())) {
            throw fail(new InconsistentSnapshot(field, "sources differ from the root's"));
        }
    }

    private static void checkState(String field, VmState state, long nextFd) throws SchedulerStateException {
        if (state instanceof VmState.WaitForRead r) {
            checkFd(field + ".read.fd", r.fd(), nextFd);
            if ((r.fd() & 1) != 0) {
                throw fail(new BadNumber(field + ".read.fd", r.fd(), "a read end is even"));
            }
        } else if (state instanceof VmState.WaitForWrite w) {
            checkFd(field + ".write.fd", w.fd(), nextFd);
            if ((w.fd() & 1) == 0) {
                throw fail(new BadNumber(field + ".write.fd", w.fd(), "a write end is odd"));
            }
            if (Long.compareUnsigned(w.consumed(), w.length()) > 0) {
                throw fail(new BadNumber(field + ".write.consumed", w.consumed(), "more than the length"));
            }
        } else if (state instanceof VmState.Terminated) {
            throw fail(new Contradiction(field + ": a terminated VM is never suspended"));
        }
    }

    private static void checkFd(String field, long fd, long nextFd) throws SchedulerStateException {
        if (Long.compareUnsigned(fd, SchedulerConstants.FIRST_FD_SLOT) < 0) {
            throw fail(new BadNumber(field, fd, "fds start at 2"));
        }
        below(field, fd, nextFd, "next_fd_slot");
    }

    private static void below(String field, long value, long next, String nextName) throws SchedulerStateException {
        if (Long.compareUnsigned(value, next) >= 0) {
            throw fail(new BadNumber(field, value, "not below " + nextName + " " + Long.toUnsignedString(next)));
        }
    }

    static void requireBundleRoot(byte[] recorded, byte[] recomputed) throws SchedulerStateException {
        if (!Arrays.equals(recorded, recomputed)) {
            throw fail(new BundleRootMismatch(HexFormat.of().formatHex(recorded), HexFormat.of().formatHex(recomputed)));
        }
    }

    static SchedulerStateException fail(SchedulerStateError reason) {
        return new SchedulerStateException(reason);
    }
}
