package org.ckbvm.vectors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.ckbvm.error.VmException;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * Runs one vector's schedule and observes it; the generator records what it sees and the checker
 * compares. Both go through this one class, so they cannot disagree on what a segment means:
 * the first segment runs on the booted machine; every later one on a fresh machine resumed from
 * the previous segment's Snapshot2 <em>bytes</em> (encoded, then decoded), the way a node
 * persists a suspended script.
 */
public final class Replay {
    private static final HexFormat HEX = HexFormat.of();

    private Replay() {}

    /** What a replay saw: the load observation and one outcome per segment that ran. */
    public record Observation(Outcome load, List<Outcome> segments) {
        public Observation {
            segments = List.copyOf(segments);
        }
    }

    /** The machine inputs of a spec, with blobs already read and hashed. */
    public record Inputs(MachineConfig config, DataSource blobs, SourceId program, List<SourceId> sources,
                         List<byte[]> args) {
        public Inputs {
            sources = List.copyOf(sources);
            args = List.copyOf(args);
        }

        public static List<byte[]> utf8(List<String> args) {
            List<byte[]> out = new ArrayList<>();
            args.forEach(a -> out.add(a.getBytes(StandardCharsets.UTF_8)));
            return out;
        }
    }

    /**
     * Boots, observes, and runs each budget (absolute cycle limits, {@code -1} = u64::MAX) until
     * the machine exits, fails, or the budgets run out.
     *
     * @throws ReplayException if a snapshot this replay took does not encode, decode or resume:
     *                         for the reference machine that is a bug, for a checked one a failure
     */
    public static Observation run(ExecutionTarget target, Inputs in, long[] budgets) throws ReplayException {
        SuspendableMachine sm;
        try {
            sm = target.boot(in.config(), in.blobs(), in.program(), in.sources(), in.args());
        } catch (VmException e) {
            return new Observation(Outcome.loadError(e.error().kind()), List.of());
        }
        Suspension suspension = suspend(sm);
        Outcome load = observe(Outcome.Status.LOADED, null, null, sm, suspension);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < budgets.length; i++) {
            if (i > 0) {
                sm = resume(target, in, suspension.bytes(), i);
            }
            RunResult result = sm.run(budgets[i]);
            Outcome outcome;
            if (result instanceof RunResult.Exited exited) {
                outcome = observe(Outcome.Status.EXITED, exited.exitCode(), null, sm, null);
            } else if (result instanceof RunResult.Failed failed) {
                outcome = observe(Outcome.Status.ERROR, null, failed.error().kind(), sm, null);
            } else {
                suspension = suspend(sm);
                outcome = observe(Outcome.Status.CYCLES_EXCEEDED, null, null, sm, suspension);
            }
            outcomes.add(outcome);
            if (!outcome.resumable()) {
                break;
            }
        }
        return new Observation(load, outcomes);
    }

    private record Suspension(byte[] bytes, SnapshotSummary summary) {}

    private static Suspension suspend(SuspendableMachine sm) {
        Snapshot snapshot = sm.snapshot(Snapshot.Kind.V2);
        byte[] bytes = SnapshotCodec.encode(snapshot);
        return new Suspension(bytes, new SnapshotSummary(snapshot.dirtyPageCount(), snapshot.sourcePageCount(),
                HEX.formatHex(CkbHash.hash(bytes))));
    }

    private static SuspendableMachine resume(ExecutionTarget target, Inputs in, byte[] bytes, int segment)
            throws ReplayException {
        try {
            return target.resume(SnapshotCodec.decode(bytes), in.blobs(), in.config());
        } catch (SnapshotFormatException | ResumeException e) {
            throw new ReplayException("segment " + (segment + 1) + ": the previous snapshot does not resume: "
                    + e.getMessage());
        }
    }

    private static Outcome observe(Outcome.Status status, Integer exitCode, String error, SuspendableMachine sm,
                                   Suspension suspension) {
        return new Outcome(status, exitCode, error, sm.machine().cycles(), sm.machine().pc(),
                HEX.formatHex(sm.stateRoot()), suspension == null ? null : suspension.summary());
    }

    /** A replay that could not go on (a snapshot that does not resume). */
    public static final class ReplayException extends Exception {
        private static final long serialVersionUID = 1L;

        public ReplayException(String message) {
            super(message);
        }
    }
}
