package org.ckbvm.store;

import java.util.List;

/**
 * What {@code list} found: every readable entry in transaction-hash order, and the entries it
 * could not read (each already quarantined), so one bad record never hides the others.
 */
public record Listing(List<ExecutionSummary> entries, List<StoreError> problems) {
    public Listing {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }
}
