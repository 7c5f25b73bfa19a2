package org.ckbvm.vectors;

import java.util.List;

/**
 * A conformance vector: boot {@link #spec}, observe {@link #load}, then run each segment in turn
 * (each but the first on a fresh machine resumed from the previous segment's Snapshot2) and
 * observe its outcome; {@link #fin} repeats the last observation without the snapshot.
 */
public record Vector(VectorSpec spec, Outcome load, List<Segment> segments, Outcome fin) {
    public Vector {
        segments = List.copyOf(segments);
    }

    public String name() {
        return spec.name();
    }
}
