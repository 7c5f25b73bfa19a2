package org.ckbvm.scheduler;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.ckbvm.snapshot.Snapshot;

/**
 * A whole scheduler at rest: every live VM as a Snapshot2 with its {@link VmState}, and the
 * scheduler's own state, ckb-script's {@code FullSuspendedState} (docs/SPAWN.md §9) plus what makes
 * a split run end exactly as an uninterrupted one: the iteration in progress
 * ({@code iterationCycles}, {@code runningVm}) when the budget stopped a VM in the middle of its
 * run. Encoded by {@link SchedulerStateCodec} ({@code proto/src/main/proto/scheduler.proto});
 * {@link #bundleRoot()} is defined in {@code testvectors/STATE_ROOT.md} Part III.
 *
 * <p>Every list is ascending by its key (VM id or fd), as the codec requires.
 */
public record SchedulerState(long totalCycles, long iterationCycles, long nextVmId, long nextFdSlot,
                             List<Vm> vms, List<FdOwner> fds, List<InheritedFds> inheritedFds,
                             List<ExitCode> terminatedVms, List<Long> instantiatedIds, OptionalLong runningVm,
                             byte[] bundleRoot) {

    /** The format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** A live VM: its id, what it waits for, and the VM itself. */
    public record Vm(long id, VmState state, Snapshot snapshot) {
        public Vm {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** An open fd and the VM that owns it. */
    public record FdOwner(long fd, long vmId) {}

    /** The fds VM {@code vmId} was given at spawn, in the order given. */
    public record InheritedFds(long vmId, List<Long> fds) {
        public InheritedFds {
            fds = List.copyOf(fds);
        }
    }

    /** An exit code (int8) not yet taken by a wait. */
    public record ExitCode(long vmId, int exitCode) {}

    public SchedulerState {
        vms = List.copyOf(vms);
        fds = List.copyOf(fds);
        inheritedFds = List.copyOf(inheritedFds);
        terminatedVms = List.copyOf(terminatedVms);
        instantiatedIds = List.copyOf(instantiatedIds);
        Objects.requireNonNull(runningVm, "runningVm");
        bundleRoot = bundleRoot.clone();
    }

    @Override
    public byte[] bundleRoot() {
        return bundleRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedulerState s && totalCycles == s.totalCycles && iterationCycles == s.iterationCycles
                && nextVmId == s.nextVmId && nextFdSlot == s.nextFdSlot && vms.equals(s.vms) && fds.equals(s.fds)
                && inheritedFds.equals(s.inheritedFds) && terminatedVms.equals(s.terminatedVms)
                && instantiatedIds.equals(s.instantiatedIds) && runningVm.equals(s.runningVm)
                && Arrays.equals(bundleRoot, s.bundleRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totalCycles, nextVmId, nextFdSlot, vms) * 31 + Arrays.hashCode(bundleRoot);
    }

    @Override
    public String toString() {
        return "SchedulerState[totalCycles=" + totalCycles + ", iterationCycles=" + iterationCycles + ", vms="
                + vms.stream().map(v -> v.id() + ":" + v.state()).toList() + ", fds=" + fds + ", runningVm="
                + runningVm + "]";
    }
}
