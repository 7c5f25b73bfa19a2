package org.ckbvm.scheduler;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * The state of a script that is still exactly one machine, suspended in the middle of its
     * root's first run: what {@link Scheduler#suspend()} gives for a program that has not yielded
     * (no spawn, exec, pipe or wait yet), on every version. Such a state says nothing its root's
     * Snapshot2 does not say, so a store may keep only that snapshot ({@link #singleMachine()}).
     */
    public static SchedulerState ofSingleMachine(Snapshot root) {
        long id = SchedulerConstants.ROOT_VM_ID;
        SchedulerState bare = new SchedulerState(0, 0, id + 1, SchedulerConstants.FIRST_FD_SLOT,
                List.of(new Vm(id, VmState.RUNNABLE, root)), List.of(), List.of(), List.of(), List.of(id),
                OptionalLong.of(id), new byte[32]);
        return bare.withBundleRoot(SchedulerStateCodec.bundleRoot(bare));
    }

    /** The root's snapshot when this state is {@link #ofSingleMachine one machine}'s, else empty. */
    public Optional<Snapshot> singleMachine() {
        if (vms.size() != 1) {
            return Optional.empty();
        }
        SchedulerState single = ofSingleMachine(vms.get(0).snapshot());
        return single.equals(this) ? Optional.of(vms.get(0).snapshot()) : Optional.empty();
    }

    /**
     * The script's cycles so far ({@link Scheduler#cyclesSoFar()} at the suspension): the total, the
     * iteration in progress and the counter of the VM the budget interrupted.
     */
    public long cycles() {
        long sum = totalCycles + iterationCycles;
        if (runningVm.isPresent()) {
            for (Vm vm : vms) {
                if (vm.id() == runningVm.getAsLong()) {
                    sum += vm.snapshot().state().cycles();
                }
            }
        }
        return sum;
    }

    private SchedulerState withBundleRoot(byte[] root) {
        return new SchedulerState(totalCycles, iterationCycles, nextVmId, nextFdSlot, vms, fds, inheritedFds,
                terminatedVms, instantiatedIds, runningVm, root);
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
