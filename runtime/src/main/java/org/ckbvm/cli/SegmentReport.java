package org.ckbvm.cli;

import java.io.IOException;
import java.util.HexFormat;

import org.ckbvm.machine.RunResult;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;

/** Ends a segment for {@code run} and {@code resume}: state root, optional snapshot, the report. */
final class SegmentReport {
    private SegmentReport() {}

    static int finish(SuspendableMachine sm, RunResult result, SnapshotOptions snapshotOptions, boolean json)
            throws IOException {
        return finish(sm, result, snapshotOptions, json, null);
    }

    /** What happens to a store entry at the end of a segment ({@code --db}); it adds its own fields. */
    interface StoreStep {
        /** Returns a process status to use instead of the outcome's, or -1. */
        int apply(SuspendableMachine sm, RunResult result, RunOutcome outcome);
    }

    static int finish(SuspendableMachine sm, RunResult result, SnapshotOptions snapshotOptions, boolean json,
                      StoreStep store) throws IOException {
        RunOutcome outcome = RunOutcome.of(result, sm.machine());
        outcome.with("state_root", "0x" + HexFormat.of().formatHex(sm.stateRoot()));
        if (store != null) {
            int status = store.apply(sm, result, outcome);
            System.out.print(json ? outcome.json() + "\n" : outcome.text());
            return status >= 0 ? status : outcome.processStatus();
        }
        if (result instanceof RunResult.CyclesExceeded && snapshotOptions.snapshotOut != null) {
            Snapshot snapshot = sm.snapshot(snapshotOptions.kind());
            SnapshotOptions.write(snapshotOptions.snapshotOut, snapshot);
            outcome.with("snapshot", snapshotOptions.snapshotOut.toString());
        }
        System.out.print(json ? outcome.json() + "\n" : outcome.text());
        return outcome.processStatus();
    }
}
