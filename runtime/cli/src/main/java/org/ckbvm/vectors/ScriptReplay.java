package org.ckbvm.vectors;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.scheduler.ScriptResult;
import org.ckbvm.scheduler.VmState;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;

/**
 * Runs one multi-VM vector's schedule and observes it; {@link SpawnVectorGenerator} records what
 * it sees and {@link VectorChecker} compares, through this one class (as {@link Replay} for one
 * machine). Segment 1 starts the script; every later segment runs on a fresh scheduler resumed
 * from the previous stop's {@code SchedulerState} <em>bytes</em>, as a node persisting it would.
 */
public final class ScriptReplay {
    private static final HexFormat HEX = HexFormat.of();

    private ScriptReplay() {}

    /**
     * Runs each budget (absolute limits on the script's total, {@code -1} = none) until the root
     * exits, a VM error ends the script, or the budgets run out.
     *
     * @throws Replay.ReplayException if a suspension does not encode, decode or resume
     */
    public static List<ScriptObservation> run(SchedulerTarget target, ScriptEnvironment env, long[] budgets)
            throws Replay.ReplayException {
        List<ScriptObservation> seen = new ArrayList<>();
        byte[] suspended = null;
        for (int i = 0; i < budgets.length; i++) {
            Scheduler scheduler;
            if (i == 0) {
                scheduler = target.start(env);
            } else {
                try {
                    scheduler = target.resume(SchedulerStateCodec.decode(suspended), env);
                } catch (SchedulerStateException e) {
                    throw new Replay.ReplayException("segment " + (i + 1)
                            + ": the previous scheduler state does not resume: " + e.getMessage());
                }
            }
            ScriptResult result = scheduler.run(budgets[i]);
            ScriptObservation o;
            if (result instanceof ScriptResult.Suspended) {
                SchedulerState state = scheduler.suspend();
                suspended = SchedulerStateCodec.encode(state);
                o = suspension(state, suspended, result.cycles());
            } else {
                o = end(scheduler, result);
            }
            seen.add(o);
            if (!o.resumable()) {
                break;
            }
        }
        return seen;
    }

    /** An exit (the bundle holds the terminated root) or a VM error (nothing kept). */
    static ScriptObservation end(Scheduler scheduler, ScriptResult result) {
        if (result instanceof ScriptResult.Failed failed) {
            return new ScriptObservation(Outcome.Status.ERROR, null, failed.error().kind(), failed.cycles(), null,
                    List.of(), null);
        }
        ScriptResult.Exited exited = (ScriptResult.Exited) result;
        List<ScriptObservation.Vm> vms = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : scheduler.vmRoots().entrySet()) {
            vms.add(new ScriptObservation.Vm(e.getKey(), VmState.TERMINATED, HEX.formatHex(e.getValue()), null));
        }
        return new ScriptObservation(Outcome.Status.EXITED, exited.exitCode(), null, exited.cycles(),
                HEX.formatHex(scheduler.bundleRoot()), vms, null);
    }

    /** A stop on the budget: the suspended state, its canonical bytes' hash and every VM's Snapshot2. */
    static ScriptObservation suspension(SchedulerState state, byte[] encoded, long cycles) {
        List<ScriptObservation.Vm> vms = new ArrayList<>();
        for (SchedulerState.Vm vm : state.vms()) {
            Snapshot s = vm.snapshot();
            SnapshotSummary summary = new SnapshotSummary(s.dirtyPageCount(), s.sourcePageCount(),
                    HEX.formatHex(CkbHash.hash(SnapshotCodec.encode(s))));
            vms.add(new ScriptObservation.Vm(vm.id(), vm.state(), HEX.formatHex(s.stateRoot()), summary));
        }
        return new ScriptObservation(Outcome.Status.CYCLES_EXCEEDED, null, null, cycles,
                HEX.formatHex(state.bundleRoot()), vms, summary(state, encoded));
    }

    static ScriptObservation.SchedulerSummary summary(SchedulerState state, byte[] encoded) {
        return new ScriptObservation.SchedulerSummary(state.totalCycles(), state.iterationCycles(), state.nextVmId(),
                state.nextFdSlot(), state.runningVm().isPresent() ? state.runningVm().getAsLong() : null, state.fds(),
                state.inheritedFds(), state.terminatedVms(), state.instantiatedIds(),
                HEX.formatHex(CkbHash.hash(encoded)));
    }
}
