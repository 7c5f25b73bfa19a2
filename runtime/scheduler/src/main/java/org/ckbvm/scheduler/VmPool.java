package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * The live VMs of a script, each either instantiated (a machine) or suspended (a Snapshot2 held
 * in memory): ckb-script's {@code instantiated} and {@code suspended} maps with
 * {@code ensure_vms_instantiated}, {@code suspend_vm}, {@code resume_vm} and the tail of
 * {@code boot_vm} (docs/SPAWN.md §5.4). At most {@link SchedulerConstants#MAX_INSTANTIATED_VMS}
 * are instantiated; each suspend and each resume charges 100,000 to the iteration. Both maps are
 * ordered by id, so every choice of a VM to suspend is deterministic.
 */
final class VmPool {
    private static final int MAX = SchedulerConstants.MAX_INSTANTIATED_VMS;

    private final ScriptEnvironment env;
    private final MessageBox box;
    private final ScriptData data;
    private final ScriptCycles cycles;
    private final TreeMap<Long, SuspendableMachine> instantiated = new TreeMap<>();
    private final TreeMap<Long, Snapshot> suspended = new TreeMap<>();

    VmPool(ScriptEnvironment env, MessageBox box, ScriptData data, ScriptCycles cycles) {
        this.env = env;
        this.box = box;
        this.data = data;
        this.cycles = cycles;
    }

    /**
     * {@code create_dummy_vm}: a fresh machine for VM {@code id} with its syscalls; its
     * current_cycles adds the scheduler's total.
     */
    SuspendableMachine create(long id) {
        SuspendableMachine sm = SuspendableMachine.create(env.config(), env.dataSource(), env.sources(),
                env.debugSink(), cycles::total, syscalls(id));
        sm.machine().setEngine(env.engine());
        return sm;
    }

    private List<org.ckbvm.machine.SyscallHandler> syscalls(long id) {
        VersionRules rules = env.config().rules();
        return ScriptSyscalls.forVm(id, rules, box, data, env.sources().size(), env.hostSyscalls(),
                () -> instantiated(id));
    }

    /** Live VMs, instantiated or suspended ({@code suspended.len() + instantiated.len()}). */
    int count() {
        return instantiated.size() + suspended.size();
    }

    /** Whether VM {@code id} is held, as a machine or as a Snapshot2. */
    boolean isLive(long id) {
        return instantiated.containsKey(id) || suspended.containsKey(id);
    }

    boolean isInstantiated(long id) {
        return instantiated.containsKey(id);
    }

    /** The machine of an instantiated VM ({@code instantiated.get_mut}); "Unable to find VM Id" otherwise. */
    SuspendableMachine instantiated(long id) {
        SuspendableMachine sm = instantiated.get(id);
        if (sm == null) {
            throw new VmException(new VmError.Unexpected("Unable to find VM Id"));
        }
        return sm;
    }

    /** {@code ensure_get_instantiated}. */
    SuspendableMachine get(long id) {
        ensureInstantiated(id);
        return instantiated(id);
    }

    /**
     * {@code ensure_vms_instantiated(ids)}: resumes the missing ones while fewer than 4 are
     * instantiated (taking them from the end of the list); for any still missing, suspends the
     * instantiated VMs not in {@code ids} in ascending id order, each followed by one resume.
     */
    void ensureInstantiated(long... ids) {
        if (ids.length > MAX) {
            throw new VmException(new VmError.Unexpected(
                    "At most " + MAX + " VMs can be instantiated but " + ids.length + " are requested!"));
        }
        List<Long> missing = new ArrayList<>(ids.length);
        for (long id : ids) {
            if (!instantiated.containsKey(id)) {
                missing.add(id);
            }
        }
        while (!missing.isEmpty() && instantiated.size() < MAX) {
            resume(missing.remove(missing.size() - 1));
        }
        if (missing.isEmpty()) {
            return;
        }
        List<Long> suspendable = new ArrayList<>();
        for (long id : instantiated.keySet()) {
            if (!contains(ids, id)) {
                suspendable.add(id);
            }
        }
        for (int i = 0; i < missing.size(); i++) {
            suspend(suspendable.get(i));
            resume(missing.get(i));
        }
    }

    private static boolean contains(long[] ids, long id) {
        for (long x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** {@code suspend_vm}: 100,000 to the iteration, then a Snapshot2 of the machine. */
    private void suspend(long id) {
        SuspendableMachine sm = instantiated(id);
        cycles.charge(SchedulerConstants.SPAWN_EXTRA_CYCLES_BASE);
        suspended.put(id, sm.snapshot(Snapshot.Kind.V2));
        instantiated.remove(id);
    }

    /** {@code resume_vm}: 100,000 to the iteration, then a fresh machine from the snapshot. */
    private void resume(long id) {
        Snapshot snapshot = suspended.get(id);
        if (snapshot == null) {
            throw new VmException(new VmError.Unexpected("VM " + id + " is not suspended!"));
        }
        cycles.charge(SchedulerConstants.SPAWN_EXTRA_CYCLES_BASE);
        instantiated.put(id, machineOf(id, snapshot));
        suspended.remove(id);
    }

    /**
     * A machine from one of this script's snapshots. The snapshot was made here or checked when
     * the state was decoded, so only the data source can make this fail: a blob gone or changed is
     * {@code SnapshotDataLoadError}, as in ckb-vm's {@code Snapshot2Context::resume}.
     */
    SuspendableMachine machineOf(long id, Snapshot snapshot) {
        try {
            return resumeChecked(id, snapshot);
        } catch (ResumeException e) {
            throw new VmException(new VmError.SnapshotDataLoadError("resuming VM " + id + ": " + e.getMessage()));
        }
    }

    /** VM {@code id}'s machine from a snapshot, with every check of {@link SuspendableMachine#resume}. */
    SuspendableMachine resumeChecked(long id, Snapshot snapshot) throws ResumeException {
        SuspendableMachine sm = SuspendableMachine.resume(snapshot, env.dataSource(), env.config(), env.debugSink(),
                cycles::total, syscalls(id));
        sm.machine().setEngine(env.engine());
        return sm;
    }

    /**
     * The tail of {@code boot_vm}: while 4 VMs are instantiated, suspend the one with the smallest
     * id (which can be the spawner), then the new VM joins the instantiated ones.
     */
    void addBooted(long id, SuspendableMachine sm) {
        while (instantiated.size() >= MAX) {
            suspend(instantiated.firstKey());
        }
        instantiated.put(id, sm);
    }

    /** ExecV2: the VM's new machine takes the old one's place. */
    void replace(long id, SuspendableMachine sm) {
        instantiated(id);
        instantiated.put(id, sm);
    }

    /** A VM that exited leaves both maps. */
    void remove(long id) {
        instantiated.remove(id);
        suspended.remove(id);
    }

    /** The root exited: every other VM is dropped. */
    void retainOnly(long id) {
        instantiated.keySet().removeIf(k -> k != id);
        suspended.clear();
    }

    /** The VM's state root: the machine's now, or the one its snapshot recorded. */
    byte[] stateRoot(long id) {
        SuspendableMachine sm = instantiated.get(id);
        return sm != null ? sm.stateRoot() : suspended.get(id).stateRoot();
    }

    /** The VM as a Snapshot2 (made now for an instantiated VM, without suspending it). */
    Snapshot snapshot(long id) {
        SuspendableMachine sm = instantiated.get(id);
        return sm != null ? sm.snapshot(Snapshot.Kind.V2) : suspended.get(id);
    }

    /** The instantiated ids, ascending. */
    List<Long> instantiatedIds() {
        return List.copyOf(instantiated.keySet());
    }

    /** Restoring a suspended scheduler: a VM as it was, instantiated ({@code machine} not null) or not. */
    void restore(long id, Snapshot snapshot, SuspendableMachine machine) {
        if (machine != null) {
            instantiated.put(id, machine);
        } else {
            suspended.put(id, snapshot);
        }
    }
}
