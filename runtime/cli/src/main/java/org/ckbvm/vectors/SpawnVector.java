package org.ckbvm.vectors;

import java.util.List;

/**
 * A multi-VM conformance vector (testvectors/README.md §7): a version-2 script whose root VM is
 * {@code spec}'s program, run by the scheduler under each segment's budget in turn (each but the
 * first on a fresh scheduler resumed from the previous segment's {@code SchedulerState} bytes);
 * {@link #fin} repeats the last observation without the suspension's details.
 */
public record SpawnVector(VectorSpec spec, List<Step> segments, ScriptObservation fin) {

    /** One budget: the absolute limit on the script's total cycles ({@code null}: none), and what it ends in. */
    public record Step(Long maxCycles, String note, ScriptObservation expect) {}

    public SpawnVector {
        segments = List.copyOf(segments);
    }

    public String name() {
        return spec.name();
    }
}
