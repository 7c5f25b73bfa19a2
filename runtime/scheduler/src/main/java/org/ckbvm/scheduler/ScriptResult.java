package org.ckbvm.scheduler;

import org.ckbvm.error.VmError;

/**
 * How a {@link Scheduler#run(long)} ended. {@link #cycles()} is the script's total so far, as
 * ckb-script's {@code Scheduler::run} counts it (docs/SPAWN.md §6).
 */
public sealed interface ScriptResult {
    long cycles();

    /**
     * The root VM exited (every other VM is dropped, whatever its state): the script's result is
     * the root's exit code, an int8; 0 is success in CKB.
     */
    record Exited(int exitCode, long cycles) implements ScriptResult {}

    /**
     * A VM error ended the script: an error of any VM (a failed boot, an invalid instruction,
     * ...), or the scheduler's own (a deadlock is {@code Unexpected}, SPAWN.md §5.6). Final.
     */
    record Failed(VmError error, long cycles) implements ScriptResult {}

    /**
     * The budget ran out (ckb's {@code CyclesExceeded} from {@code run}): the scheduler can be
     * suspended ({@link Scheduler#suspend()}) or run on with a larger limit. {@code cycles} may
     * pass the limit by the charges of the last syscall or iteration, which are made without a
     * limit check, as in ckb.
     */
    record Suspended(long cycles) implements ScriptResult {}
}
