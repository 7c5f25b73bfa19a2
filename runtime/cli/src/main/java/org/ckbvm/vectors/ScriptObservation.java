package org.ckbvm.vectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.VmState;

/**
 * What a multi-VM vector expects at the end of one segment of a script run by the scheduler
 * (testvectors/README.md §7): how the run stopped, the script's total cycles, and, unless a VM
 * error ended it, the bundle root (testvectors/STATE_ROOT.md Part III) with every live VM's id,
 * {@link VmState} and state root. At a suspension ({@link Outcome.Status#CYCLES_EXCEEDED}) it also
 * pins the suspended {@code SchedulerState}: its fields and the CKB hash of its canonical bytes,
 * and each VM's Snapshot2 summary.
 *
 * <p>After a VM error the script is over and ckb keeps nothing of it (docs/SPAWN.md §5.2): which
 * VMs are left half way through the failing iteration is not consensus, so an error pins only
 * the error and the total at which it struck.
 *
 * @param status     {@code exited}, {@code cycles_exceeded} or {@code error}
 * @param exitCode   the root's exit code (int8), with {@code exited}
 * @param error      CKB-VM's (or ckb-script's) error name, with {@code error}
 * @param cycles     the script's total cycles (docs/SPAWN.md §6)
 * @param bundleRoot 64 hex digits, unless {@code error}
 * @param vms        the live VMs by ascending id, unless {@code error} (empty then)
 * @param scheduler  the suspended scheduler, with {@code cycles_exceeded} only
 */
public record ScriptObservation(Outcome.Status status, Integer exitCode, String error, long cycles,
                                String bundleRoot, List<Vm> vms, SchedulerSummary scheduler) {

    /** One live VM: its id, what it waits for, its state root, and its Snapshot2 at a suspension. */
    public record Vm(long id, VmState state, String stateRoot, SnapshotSummary snapshot) {
        public Vm {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(stateRoot, "stateRoot");
        }
    }

    /**
     * The suspended {@code ckbvm.v1.SchedulerState} (proto/src/main/proto/scheduler.proto): the
     * scheduler's own fields in the order of the bundle root's input, and {@code hash}, the CKB
     * hash of the canonical bytes {@code SchedulerStateCodec.encode} writes.
     */
    public record SchedulerSummary(long totalCycles, long iterationCycles, long nextVmId, long nextFdSlot,
                                   Long runningVm, List<SchedulerState.FdOwner> fds,
                                   List<SchedulerState.InheritedFds> inheritedFds,
                                   List<SchedulerState.ExitCode> terminatedVms, List<Long> instantiatedIds,
                                   String hash) {
        public SchedulerSummary {
            fds = List.copyOf(fds);
            inheritedFds = List.copyOf(inheritedFds);
            terminatedVms = List.copyOf(terminatedVms);
            instantiatedIds = List.copyOf(instantiatedIds);
        }
    }

    public ScriptObservation {
        Objects.requireNonNull(status, "status");
        vms = List.copyOf(vms);
        if (status == Outcome.Status.LOADED) {
            throw new IllegalArgumentException("a script has no loaded observation (the root boots in the first run)");
        }
        if ((exitCode != null) != (status == Outcome.Status.EXITED)) {
            throw new IllegalArgumentException("an exit code goes with status exited only");
        }
        if ((error != null) != (status == Outcome.Status.ERROR)) {
            throw new IllegalArgumentException("an error name goes with status error only");
        }
        if ((bundleRoot == null) != (status == Outcome.Status.ERROR) || (status == Outcome.Status.ERROR && !vms.isEmpty())) {
            throw new IllegalArgumentException("a bundle root and the live VMs go with every status but error");
        }
        if ((scheduler != null) != (status == Outcome.Status.CYCLES_EXCEEDED)) {
            throw new IllegalArgumentException("the scheduler state goes with status cycles_exceeded only");
        }
        for (Vm vm : vms) {
            if ((vm.snapshot() != null) != (status == Outcome.Status.CYCLES_EXCEEDED)) {
                throw new IllegalArgumentException("a VM's snapshot goes with status cycles_exceeded only");
            }
        }
    }

    /** Whether the run can go on from here. */
    public boolean resumable() {
        return status == Outcome.Status.CYCLES_EXCEEDED;
    }

    /** This observation without the suspension's details (what a vector's {@code final} carries). */
    public ScriptObservation withoutSuspension() {
        return new ScriptObservation(status, exitCode, error, cycles, bundleRoot,
                vms.stream().map(v -> new Vm(v.id(), v.state(), v.stateRoot(), null)).toList(), null);
    }

    /**
     * The first field in which {@code actual} differs, as {@code "vms[1].state_root: expected …, got …"},
     * or {@code null} if they are equal. Fields are compared in the order of the JSON.
     */
    public String firstDifference(ScriptObservation actual) {
        Map<String, String> want = flatten();
        Map<String, String> got = actual.flatten();
        for (Map.Entry<String, String> e : want.entrySet()) {
            String g = got.getOrDefault(e.getKey(), "absent");
            if (!e.getValue().equals(g)) {
                return e.getKey() + ": expected " + e.getValue() + ", got " + g;
            }
        }
        for (Map.Entry<String, String> e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                return e.getKey() + ": expected absent, got " + e.getValue();
            }
        }
        return null;
    }

    /** Every field as a path and its JSON text, in JSON order (a LinkedHashMap: insertion order, never hashed). */
    Map<String, String> flatten() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", status.id());
        f.put("exit_code", String.valueOf(exitCode));
        f.put("error", String.valueOf(error));
        f.put("cycles", Long.toUnsignedString(cycles));
        f.put("bundle_root", String.valueOf(bundleRoot));
        f.put("vms.length", Integer.toString(vms.size()));
        for (int i = 0; i < vms.size(); i++) {
            Vm vm = vms.get(i);
            String p = "vms[" + i + "].";
            f.put(p + "id", Long.toUnsignedString(vm.id()));
            f.put(p + "state", SpawnVectorJson.state(vm.state()));
            f.put(p + "state_root", vm.stateRoot());
            if (vm.snapshot() != null) {
                f.put(p + "snapshot.dirty_pages", Long.toString(vm.snapshot().dirtyPages()));
                f.put(p + "snapshot.source_pages", Long.toString(vm.snapshot().sourcePages()));
                f.put(p + "snapshot.hash", vm.snapshot().hash());
            }
        }
        if (scheduler != null) {
            SpawnVectorJson.schedulerFields(scheduler).forEach((k, v) -> f.put("scheduler_state." + k, v));
        }
        return f;
    }
}
