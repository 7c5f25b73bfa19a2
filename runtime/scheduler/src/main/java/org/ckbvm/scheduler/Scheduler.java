package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * Runs one script's VMs with ckb-script's rules (v0.200.0 {@code scheduler.rs}, docs/SPAWN.md §5-§7):
 * the root VM booted from the run's program, children spawned or exec'ed from the data sources,
 * at most 4 of them instantiated at once (the others kept as Snapshot2 in memory, each suspend and
 * resume charged 100,000), read/write rendezvous, wait, deadlock as a VM error, the root's exit
 * ending everything, and the cycles of all VMs added up as ckb adds them.
 *
 * <p>On versions 0 and 1, and for a program that never yields (no spawn, exec, pipe or wait), only
 * the root VM exists and the run is exactly a single machine's run: same result, same cycles, and
 * at every stop and at the end the same state root ({@link #finish}).
 *
 * <p><b>Budgets and suspension.</b> {@link #run(long)} takes an absolute limit on the script's total
 * cycles. When it is reached the run returns {@link ScriptResult.Suspended}; {@link #suspend()}
 * then captures every VM as a Snapshot2 and the scheduler's state, and {@link #resume} continues it
 * (also from bytes, through {@link SchedulerStateCodec}). A split run ends exactly as one
 * uninterrupted run: when the budget stops a VM in the middle of its run, the iteration in
 * progress is kept (the VM, its counter, the iteration's charges) and resuming finishes that
 * iteration before starting the next, so no VM sees anything a single run would not show it, not
 * even through current_cycles. (ckb's own chunked verification ends the iteration at the stop
 * instead; its totals are the same, it is not consensus, and SPAWN.md §11 explains the choice.)
 *
 * <p>Not thread-safe: a scheduler and its machines belong to one thread.
 */
public final class Scheduler {
    private static final long ROOT = SchedulerConstants.ROOT_VM_ID;
    private static final long NONE = -1;

    private final ScriptEnvironment env;
    private final MessageBox box = new MessageBox();
    private final ProcessTable table = new ProcessTable();
    private final ScriptCycles cycles;
    private final VmPool vms;
    private final MessageProcessor messages;
    /** The VM whose run the budget interrupted (its iteration is in progress), or {@link #NONE}. */
    private long runningVm = NONE;
    /** The final result once the root exited or a VM error ended the run. */
    private ScriptResult finished;

    private Scheduler(ScriptEnvironment env, long totalCycles, long iterationCycles) {
        this.env = env;
        this.cycles = new ScriptCycles(totalCycles, iterationCycles);
        ScriptData data = new ScriptData(env.dataSource(), env.sources());
        this.vms = new VmPool(env, box, data, cycles);
        this.messages = new MessageProcessor(table, vms, data, box);
    }

    /** A scheduler for a new run; the root VM is booted by the first {@link #run}. */
    public static Scheduler start(ScriptEnvironment env) {
        return new Scheduler(env, 0, 0);
    }

    /**
     * Continues a suspended scheduler. Every VM's snapshot is resumed once to check it against its
     * recorded state root; those that were instantiated stay so, without charge (ckb-script
     * {@code Scheduler::resume}: "suspending/resuming a scheduler ... is not part of execution
     * consensus").
     *
     * @throws SchedulerStateException if a VM's snapshot does not match {@code env} (configuration,
     *         sources) or does not resume to its recorded state root, or the bundle root differs
     */
    public static Scheduler resume(SchedulerState state, ScriptEnvironment env) throws SchedulerStateException {
        SchedulerStateCodec.check(state);
        Scheduler s = new Scheduler(env, state.totalCycles(), state.iterationCycles());
        s.table.nextVmId = state.nextVmId();
        s.table.nextFdSlot = state.nextFdSlot();
        for (SchedulerState.Vm vm : state.vms()) {
            s.table.states.put(vm.id(), vm.state());
            boolean instantiated = state.instantiatedIds().contains(vm.id());
            SuspendableMachine machine = checkedMachine(s.vms, vm, env);
            s.vms.restore(vm.id(), vm.snapshot(), instantiated ? machine : null);
        }
        state.fds().forEach(f -> s.table.fds.put(f.fd(), f.vmId()));
        state.inheritedFds().forEach(i -> s.table.inheritedFds.put(i.vmId(), i.fds()));
        state.terminatedVms().forEach(t -> s.table.terminatedVms.put(t.vmId(), t.exitCode()));
        s.runningVm = state.runningVm().orElse(NONE);
        SchedulerStateCodec.requireBundleRoot(state.bundleRoot(), s.bundleRoot());
        return s;
    }

    /** A VM's machine, resumed from its snapshot to check it against the environment and its root. */
    private static SuspendableMachine checkedMachine(VmPool pool, SchedulerState.Vm vm, ScriptEnvironment env)
            throws SchedulerStateException {
        if (!vm.snapshot().sources().equals(env.sources())) {
            throw SchedulerStateCodec.fail(new SchedulerStateError.SourcesMismatch(vm.id()));
        }
        try {
            return pool.resumeChecked(vm.id(), vm.snapshot());
        } catch (ResumeException e) {
            throw SchedulerStateCodec.fail(new SchedulerStateError.VmResumeFailed(vm.id(), e.reason()));
        }
    }

    // ---- running ----------------------------------------------------------------------------

    /**
     * Runs until the root exits, a VM error ends the script, or the script's total passes
     * {@code maxCycles} (an unsigned absolute limit; -1 for none). May be called again after
     * {@link ScriptResult.Suspended}, with a larger limit; after the end it returns the same result.
     */
    public ScriptResult run(long maxCycles) {
        if (finished != null) {
            return finished;
        }
        try {
            if (table.states.isEmpty()) {
                bootRoot();
            }
        } catch (VmException e) {
            return finish(new ScriptResult.Failed(e.error(), cycles.total()));
        }
        if (runningVm == NONE && Long.compareUnsigned(cycles.total(), maxCycles) > 0) {
            // an iteration's charges already passed this limit: no iteration starts (its process_io
            // and instantiations would change the state), as one run with this limit stopped there
            return new ScriptResult.Suspended(cyclesSoFar());
        }
        while (!(table.states.get(ROOT) instanceof VmState.Terminated)) {
            VmError error = null;
            try {
                if (!iterate(maxCycles)) {
                    return new ScriptResult.Suspended(cyclesSoFar());
                }
            } catch (VmException e) {
                error = e.error();
                runningVm = NONE;
            }
            try {
                cycles.endIteration();
            } catch (VmException e) {
                error = error != null ? error : e.error();
            }
            if (error != null) {
                return finish(new ScriptResult.Failed(error, cycles.total()));
            }
            if (Long.compareUnsigned(cycles.total(), maxCycles) > 0
                    && !(table.states.get(ROOT) instanceof VmState.Terminated)) {
                // Scheduler::run: the iteration's charges passed the remaining limit (CyclesExceeded).
                // Not after the root's exit, which is final as an error is (docs/SPAWN.md §11): a
                // terminated root is never suspended
                return new ScriptResult.Suspended(cycles.total());
            }
        }
        return finish(new ScriptResult.Exited(vms.instantiated(ROOT).machine().exitCode(), cycles.total()));
    }

    /**
     * The end: the root's machine (when it is instantiated) is left holding the script's total in
     * its counter, so its final state root is that of one machine that ran the whole script; for a
     * script that never yields, exactly the state root of the same program on a single machine.
     * (ckb moves every counter into the total and never looks at a machine after the end.)
     */
    private ScriptResult finish(ScriptResult result) {
        finished = result;
        if (vms.isInstantiated(ROOT)) {
            vms.instantiated(ROOT).machine().setCycles(cycles.total());
        }
        return result;
    }

    /** {@code Scheduler::run}'s booting phase: the root from the run's program, with the root's argv. */
    private void bootRoot() {
        long id = table.nextVmId;
        table.nextVmId = id + 1;
        SuspendableMachine root = vms.create(id);
        root.loadProgram(env.program(), env.rootArgs());
        vms.addBooted(id, root);
        table.states.put(id, VmState.RUNNABLE);
    }

    /**
     * One iteration ({@code Scheduler::iterate}): process IO, pick the runnable VM with the largest
     * id (none: deadlock), instantiate it, run it with the remaining limit, move its counter into
     * the iteration and process its messages and exit. A VM the budget stopped is not moved: the
     * iteration stays in progress and the next call continues that VM's run.
     *
     * @return false when the budget stopped the VM in the middle of its run
     */
    private boolean iterate(long maxCycles) {
        long id = runningVm;
        if (id == NONE) {
            messages.processIo();
            id = largestRunnable();
            vms.ensureInstantiated(id);
        }
        Machine machine = vms.instantiated(id).machine();
        machine.setMaxCycles(Long.compareUnsigned(cycles.total(), maxCycles) >= 0 ? 0 : maxCycles - cycles.total());
        RunResult result = machine.run();
        if (result instanceof RunResult.CyclesExceeded) {
            runningVm = id;
            return false;
        }
        runningVm = NONE;
        long ran = machine.cycles();
        machine.setCycles(0);
        cycles.charge(ran);
        processResults(id, result);
        return true;
    }

    /** {@code iterate_prepare_machine}: the runnable VM with the largest id, or the deadlock error. */
    private long largestRunnable() {
        for (Map.Entry<Long, VmState> e : table.states.descendingMap().entrySet()) {
            if (e.getValue() instanceof VmState.Runnable) {
                return e.getKey();
            }
        }
        throw new VmException(new VmError.Unexpected("A deadlock situation has been reached!"));
    }

    /**
     * {@code iterate_process_results}: the message box first; then an exit. The root's ends the
     * run (every other VM dropped); another VM's code goes to every VM waiting for it (and stays
     * for one more wait), its fds close and it is gone. A VM error ends the script.
     */
    private void processResults(long id, RunResult result) {
        messages.processMessageBox();
        if (result instanceof RunResult.Failed failed) {
            throw new VmException(failed.error());
        }
        if (!(result instanceof RunResult.Exited exited)) {
            return;
        }
        int code = exited.exitCode();
        table.terminatedVms.put(id, code);
        if (id == ROOT) {
            vms.ensureInstantiated(ROOT);
            vms.retainOnly(ROOT);
            table.states.clear();
            table.states.put(ROOT, VmState.TERMINATED);
            return;
        }
        List<Long> joining = new ArrayList<>();
        List<Long> addresses = new ArrayList<>();
        table.states.forEach((vmId, state) -> {
            if (state instanceof VmState.Wait w && w.targetVmId() == id) {
                joining.add(vmId);
                addresses.add(w.exitCodeAddr());
            }
        });
        for (int i = 0; i < joining.size(); i++) {
            Machine waiter = vms.get(joining.get(i)).machine();
            waiter.memory().store8(addresses.get(i), code);
            waiter.setRegister(10, ReturnCode.SUCCESS);
            table.states.put(joining.get(i), VmState.RUNNABLE);
        }
        table.fds.values().removeIf(owner -> owner == id);
        table.states.remove(id);
        vms.remove(id);
    }

    /** The script's cycles so far: the total, the iteration in progress and the interrupted VM's counter. */
    public long cyclesSoFar() {
        long sum = cycles.total() + cycles.iteration();
        if (runningVm != NONE) {
            sum += vms.instantiated(runningVm).machine().cycles();
        }
        return sum;
    }

    /** The final result, once the root exited or a VM error ended the run. */
    public java.util.Optional<ScriptResult> result() {
        return java.util.Optional.ofNullable(finished);
    }

    // ---- state --------------------------------------------------------------------------------

    /**
     * The whole scheduler as a value: every live VM as a Snapshot2 (instantiated ones are
     * snapshotted without being suspended, so nothing is charged and this scheduler can go on).
     *
     * @throws IllegalStateException before the first run or after the end
     */
    public SchedulerState suspend() {
        if (finished != null || table.states.isEmpty()) {
            throw new IllegalStateException("only a running script can be suspended");
        }
        List<SchedulerState.Vm> list = new ArrayList<>();
        table.states.forEach((id, state) -> list.add(new SchedulerState.Vm(id, state, vms.snapshot(id))));
        List<SchedulerState.FdOwner> fds = new ArrayList<>();
        table.fds.forEach((fd, owner) -> fds.add(new SchedulerState.FdOwner(fd, owner)));
        List<SchedulerState.InheritedFds> inherited = new ArrayList<>();
        table.inheritedFds.forEach((id, l) -> inherited.add(new SchedulerState.InheritedFds(id, l)));
        List<SchedulerState.ExitCode> terminated = new ArrayList<>();
        table.terminatedVms.forEach((id, c) -> terminated.add(new SchedulerState.ExitCode(id, c)));
        return new SchedulerState(cycles.total(), cycles.iteration(), table.nextVmId, table.nextFdSlot, list, fds,
                inherited, terminated, vms.instantiatedIds(), running(), bundleRoot());
    }

    private OptionalLong running() {
        return runningVm == NONE ? OptionalLong.empty() : OptionalLong.of(runningVm);
    }

    /** The state root of every live VM, by id (testvectors/STATE_ROOT.md Part I). */
    public SortedMap<Long, byte[]> vmRoots() {
        TreeMap<Long, byte[]> roots = new TreeMap<>();
        table.states.keySet().forEach(id -> roots.put(id, vms.stateRoot(id)));
        return roots;
    }

    /** The bundle root now (testvectors/STATE_ROOT.md Part III). */
    public byte[] bundleRoot() {
        return BundleRoot.of(cycles.total(), cycles.iteration(), table.nextVmId, table.nextFdSlot, running(),
                table.states, vmRoots(), table.fds, table.inheritedFds, table.terminatedVms, vms.instantiatedIds());
    }

    /** The environment this scheduler runs in. */
    public ScriptEnvironment environment() {
        return env;
    }

    /**
     * VM {@code id} as a Snapshot2 now (an instantiated VM is snapshotted without being suspended,
     * so nothing is charged): its registers, pc and memory for a report. After the run the root
     * is still there, its counter holding the script's total ({@link #finish}); empty for an id
     * that is not live (never booted, exited, or the root of a script whose program did not load).
     */
    public java.util.Optional<Snapshot> snapshotOf(long id) {
        if (!table.states.containsKey(id) || !vms.isLive(id)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(vms.snapshot(id));
    }

    /** How many VMs this script has created so far, the root included (ckb's {@code next_vm_id}). */
    public long vmsCreated() {
        return table.nextVmId;
    }
}
