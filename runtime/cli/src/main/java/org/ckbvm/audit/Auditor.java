package org.ckbvm.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.ckbvm.error.VmException;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * Audits suspended executions: for each, decode the snapshot, rebuild its memory from its pages
 * and blobs, recompute the state root and compare it with the recorded one; then, where the
 * collection keeps a starting point, re-execute from it under the snapshot's cycle limit and
 * require the very same snapshot bytes. The first check catches a snapshot altered after the
 * fact (or a wrong root); the second also catches one forged consistently, root included.
 */
public final class Auditor {
    private static final HexFormat HEX = HexFormat.of();

    private Auditor() {}

    public enum Verdict {
        /** Root recomputed and equal (and re-execution, if any, reproduced the snapshot). */
        MATCH,
        /** Something disagrees: the detail says what. */
        MISMATCH,
        /** The snapshot cannot be checked: undecodable, or a blob is missing or altered. */
        UNAUDITABLE
    }

    /**
     * One execution's verdict.
     *
     * @param recordedRoot   the root the snapshot records ({@code 0x} and 64 hex digits), or {@code null} if it does not decode
     * @param recomputedRoot the root recomputed from its pages ({@code 0x...}), or {@code null} if it could not be
     * @param reexecuted     whether a starting point was replayed
     */
    public record Finding(String id, Verdict verdict, String detail, String recordedRoot, String recomputedRoot,
                          boolean reexecuted) {
        public String line() {
            return verdict.name().toLowerCase(java.util.Locale.ROOT) + " " + id
                    + (recomputedRoot != null ? " root " + recomputedRoot : "")
                    + (reexecuted ? " (re-executed)" : "")
                    + (detail != null ? ": " + detail : "");
        }
    }

    /** Audits every execution of {@code executions}, reporting each finding as it is made. */
    public static List<Finding> auditAll(SuspendedExecutions executions, Consumer<Finding> progress)
            throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (String id : executions.ids()) {
            Finding f;
            try {
                f = audit(executions.load(id), executions.blobs());
            } catch (IOException e) {
                // one unreadable execution is a finding, never the end of the audit
                f = new Finding(id, Verdict.UNAUDITABLE, e.getMessage(), null, null, false);
            }
            findings.add(f);
            progress.accept(f);
        }
        return findings;
    }

    /** Audits one execution. */
    public static Finding audit(SuspendedExecution execution, DataSource blobs) {
        String id = execution.id();
        Snapshot snapshot;
        try {
            snapshot = SnapshotCodec.decode(execution.snapshot());
        } catch (SnapshotFormatException e) {
            return new Finding(id, Verdict.UNAUDITABLE, "not a valid snapshot: " + e.getMessage(), null, null, false);
        }
        String recorded = "0x" + HEX.formatHex(snapshot.stateRoot());
        RestoredSnapshot restored;
        try {
            restored = RestoredSnapshot.of(snapshot, blobs);
        } catch (RestoredSnapshot.Unauditable e) {
            return new Finding(id, Verdict.UNAUDITABLE, e.getMessage(), recorded, null, false);
        }
        String recomputed = "0x" + restored.stateRootHex();
        if (!restored.matchesRecordedRoot()) {
            return new Finding(id, Verdict.MISMATCH, "recorded root " + recorded + " differs from the pages' root",
                    recorded, recomputed, false);
        }
        if (execution.start().isEmpty()) {
            return new Finding(id, Verdict.MATCH, null, recorded, recomputed, false);
        }
        String problem = reexecute(execution.start().get(), snapshot, execution.snapshot(), blobs);
        return new Finding(id, problem == null ? Verdict.MATCH : Verdict.MISMATCH, problem, recorded, recomputed, true);
    }

    /** Replays from {@code start} under the snapshot's limit; null if it reproduces the snapshot bytes. */
    private static String reexecute(StartingPoint start, Snapshot snapshot, byte[] recordedBytes, DataSource blobs) {
        MachineConfig config = snapshot.header().toConfig();
        SuspendableMachine sm;
        try {
            if (start instanceof StartingPoint.Boot boot) {
                if (!boot.config().equals(config)) {
                    return "the starting point's machine " + boot.config() + " is not the snapshot's " + config;
                }
                sm = SuspendableMachine.boot(config, blobs, boot.program(), boot.sources(), boot.args(), m -> { },
                        List.of());
            } else {
                Snapshot earlier = SnapshotCodec.decode(((StartingPoint.Earlier) start).snapshot());
                sm = SuspendableMachine.resume(earlier, blobs, config, m -> { }, List.of());
            }
        } catch (VmException | SnapshotFormatException | ResumeException e) {
            return "the starting point does not start: " + e.getMessage();
        }
        RunResult result = sm.run(snapshot.state().maxCycles());
        if (!(result instanceof RunResult.CyclesExceeded)) {
            return "re-execution did not stop on the cycle limit but ended with " + result;
        }
        byte[] replayed = SnapshotCodec.encode(sm.snapshot(snapshot.kind()));
        if (!Arrays.equals(replayed, recordedBytes)) {
            String root = "0x" + HEX.formatHex(sm.stateRoot());
            return "re-execution reaches root " + root + " at cycles " + Long.toUnsignedString(sm.machine().cycles())
                    + (root.equals("0x" + HEX.formatHex(snapshot.stateRoot())) ? " (same root, different snapshot bytes)" : "");
        }
        return null;
    }
}
