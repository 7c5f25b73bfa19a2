package org.ckbvm.scheduler;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;

/**
 * ckb-script's two scheduler counters (docs/SPAWN.md §5.2, §6): {@code total_cycles}, what the
 * script has consumed at iteration boundaries (what current_cycles adds to a machine's own
 * counter), and {@code iteration_cycles}, the current iteration's suspend/resume charges and the
 * counter of the VM that ran, moved into the total when the iteration ends.
 */
final class ScriptCycles {
    private long total;
    private long iteration;

    ScriptCycles(long total, long iteration) {
        this.total = total;
        this.iteration = iteration;
    }

    long total() {
        return total;
    }

    long iteration() {
        return iteration;
    }

    /** Adds to {@code iteration_cycles} ({@code checked_add}; u64 overflow fails the script). */
    void charge(long cycles) {
        iteration = add(iteration, cycles);
    }

    /** End of an iteration: {@code total_cycles += iteration_cycles; iteration_cycles = 0}. */
    void endIteration() {
        total = add(total, iteration);
        iteration = 0;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        if (Long.compareUnsigned(sum, a) < 0) {
            throw new VmException(new VmError.CyclesOverflow());
        }
        return sum;
    }
}
