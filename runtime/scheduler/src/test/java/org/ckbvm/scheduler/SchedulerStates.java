package org.ckbvm.scheduler;

import org.ckbvm.machine.Engine;

/**
 * Real suspended states for codec tests: a run of spawn/expected.json stopped where the state is
 * rich (several VMs, open fds, inherited lists, a VM stopped in the middle of its run).
 */
final class SchedulerStates {
    private SchedulerStates() {}

    record Stopped(SpawnRun run, ScriptEnvironment env, Scheduler scheduler, SchedulerState state) {}

    /** spawn_cycles (5 VMs at most, pipes between them), at the first budget that gives a rich state. */
    static Stopped rich() {
        SpawnRun run = SpawnRun.all().stream().filter(r -> r.program().equals("spawn_cycles")).findFirst().orElseThrow();
        ScriptEnvironment env = run.environment(Engine.INTERP);
        for (long budget = run.cycles() / 3; budget < run.cycles(); budget += 997) {
            Scheduler s = Scheduler.start(env);
            if (!(s.run(budget) instanceof ScriptResult.Suspended)) {
                continue;
            }
            SchedulerState state = s.suspend();
            if (state.vms().size() >= 5 && state.runningVm().isPresent() && !state.fds().isEmpty()
                    && !state.inheritedFds().isEmpty() && state.instantiatedIds().size() == 4) {
                return new Stopped(run, env, s, state);
            }
        }
        throw new AssertionError("no rich state found");
    }
}
