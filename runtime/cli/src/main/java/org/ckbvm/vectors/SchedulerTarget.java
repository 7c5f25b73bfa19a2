package org.ckbvm.vectors;

import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.scheduler.ScriptEnvironment;

/**
 * The scheduler a multi-VM vector is replayed on, as {@link ExecutionTarget} is the machine of a
 * single-VM one: the checker only creates schedulers through it, so a test can hand it a
 * scheduler altered in one place ({@code VectorMutationTest}); the product uses {@link #REFERENCE}.
 */
public interface SchedulerTarget {

    /** A scheduler for a new run of {@code env}'s program (the root boots in the first run). */
    Scheduler start(ScriptEnvironment env);

    /** A fresh scheduler continuing {@code state}. */
    Scheduler resume(SchedulerState state, ScriptEnvironment env) throws SchedulerStateException;

    /** Our scheduler, unaltered. */
    SchedulerTarget REFERENCE = new SchedulerTarget() {
        @Override
        public Scheduler start(ScriptEnvironment env) {
            return Scheduler.start(env);
        }

        @Override
        public Scheduler resume(SchedulerState state, ScriptEnvironment env) throws SchedulerStateException {
            return Scheduler.resume(state, env);
        }
    };
}
