package org.ckbvm.cli;

import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotMetrics;
import org.ckbvm.snapshot.SuspendableMachine;

/** Ends a segment for {@code run} and {@code resume}: state root, optional snapshot, the report. */
final class SegmentReport {
    private SegmentReport() {}

    static int finish(SuspendableMachine sm, RunResult result, SnapshotOptions snapshotOptions, boolean json,
                      long resumeNanos) throws IOException {
        return finish(sm, result, snapshotOptions, json, resumeNanos, null);
    }

    /** What happens to a store entry at the end of a segment ({@code --db}); it adds its own fields. */
    interface StoreStep {
        /** Returns a process status to use instead of the outcome's, or -1. */
        int apply(SuspendableMachine sm, RunResult result, RunOutcome outcome);
    }

    static int finish(SuspendableMachine sm, RunResult result, SnapshotOptions snapshotOptions, boolean json,
                      long resumeNanos, StoreStep store) throws IOException {
        RunOutcome outcome = RunOutcome.of(result, sm.machine());
        outcome.with("state_root", "0x" + HexFormat.of().formatHex(sm.stateRoot()));
        if (store != null) {
            int status = store.apply(sm, result, outcome);
            if (resumeNanos >= 0) {
                outcome.with("resume_ms", millis(resumeNanos));
            }
            System.out.print(json ? outcome.json() + "\n" : outcome.text());
            return status >= 0 ? status : outcome.processStatus();
        }
        if (result instanceof RunResult.CyclesExceeded && snapshotOptions.snapshotOut != null) {
            long t0 = System.nanoTime();
            Snapshot snapshot = sm.snapshot(snapshotOptions.kind());
            byte[] bytes = SnapshotCodec.encode(snapshot);
            SnapshotMetrics metrics = SnapshotMetrics.of(snapshot, bytes.length, System.nanoTime() - t0);
            SnapshotOptions.write(snapshotOptions.snapshotOut, bytes);
            outcome.with("snapshot", snapshotOptions.snapshotOut.toString());
            outcome.with("snapshot_metrics", metricsJson(metrics));
        }
        if (resumeNanos >= 0) {
            outcome.with("resume_ms", millis(resumeNanos));
        }
        System.out.print(json ? outcome.json() + "\n" : outcome.text());
        return outcome.processStatus();
    }

    static Map<String, Object> metricsJson(SnapshotMetrics m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("encoded_bytes", m.encodedBytes());
        f.put("total_pages", m.totalPages());
        f.put("dirty_pages", m.dirtyPages());
        f.put("source_pages", m.sourcePages());
        f.put("dirty_ratio", new java.math.BigDecimal(m.dirtyRatio()));
        f.put("source_ratio", new java.math.BigDecimal(m.sourceRatio()));
        f.put("make_ms", millis(m.makeNanos()));
        return f;
    }

    /** Milliseconds with 3 decimals, a JSON number (a measurement for people, never hashed). */
    static java.math.BigDecimal millis(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 6).setScale(3, java.math.RoundingMode.HALF_EVEN);
    }
}
