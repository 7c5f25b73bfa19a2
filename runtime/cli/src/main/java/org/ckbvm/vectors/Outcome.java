package org.ckbvm.vectors;

import java.util.Locale;

/**
 * What a vector expects at one observation point: after loading, after a segment, or at the end.
 * Fields that do not apply are {@code null} (and omitted from the JSON): an exit code only for
 * {@link Status#EXITED}, an error kind only for {@link Status#ERROR}, a snapshot summary only where
 * the machine can be suspended (after loading and on {@link Status#CYCLES_EXCEEDED}), and no
 * cycles, pc or state root for a program that failed to load (there is no machine state to
 * commit to).
 *
 * @param status    how the observation point was reached
 * @param exitCode  the program's exit code, {@code (int8) a0}
 * @param error     CKB-VM's error variant name, e.g. {@code MemOutOfBound}
 * @param cycles    cycles consumed so far (load cost included)
 * @param pc        the program counter
 * @param stateRoot the state root (testvectors/STATE_ROOT.md), 64 lower-case hex digits
 * @param snapshot  the Snapshot2 the machine suspends into at this point
 */
public record Outcome(Status status, Integer exitCode, String error, Long cycles, Long pc, String stateRoot,
                      SnapshotSummary snapshot) {

    public enum Status {
        LOADED, EXITED, CYCLES_EXCEEDED, ERROR;

        /** The JSON spelling, e.g. {@code cycles_exceeded}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status parse(String id) {
            for (Status s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + id + "'");
        }
    }

    public Outcome {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if ((exitCode != null) != (status == Status.EXITED)) {
            throw new IllegalArgumentException("an exit code goes with status exited only");
        }
        if (status == Status.ERROR && error == null) {
            throw new IllegalArgumentException("status error needs an error kind");
        }
        if (status != Status.ERROR && error != null) {
            throw new IllegalArgumentException("an error kind goes with status error only");
        }
        if ((cycles == null) != (stateRoot == null) || (cycles == null) != (pc == null)) {
            throw new IllegalArgumentException("cycles, pc and state root come together");
        }
        if (cycles == null && status != Status.ERROR) {
            throw new IllegalArgumentException("only a load error has no machine state");
        }
    }

    /** A program that could not be loaded: only the error kind is known. */
    public static Outcome loadError(String error) {
        return new Outcome(Status.ERROR, null, error, null, null, null, null);
    }

    /** Whether the run can go on from here (the machine stopped on its cycle limit, or was just loaded). */
    public boolean resumable() {
        return status == Status.CYCLES_EXCEEDED || status == Status.LOADED;
    }

    /** This outcome without its snapshot summary (what the vector's {@code final} carries). */
    public Outcome withoutSnapshot() {
        return new Outcome(status, exitCode, error, cycles, pc, stateRoot, null);
    }

    /**
     * The first field in which {@code actual} differs from this expectation, as
     * {@code "cycles: expected 537, got 539"}, or {@code null} if they are equal.
     */
    public String firstDifference(Outcome actual) {
        String[][] fields = {
            {"status", status.id(), actual.status.id()},
            {"exit_code", String.valueOf(exitCode), String.valueOf(actual.exitCode)},
            {"error", String.valueOf(error), String.valueOf(actual.error)},
            {"cycles", String.valueOf(cycles), String.valueOf(actual.cycles)},
            {"pc", hex(pc), hex(actual.pc)},
            {"state_root", String.valueOf(stateRoot), String.valueOf(actual.stateRoot)},
            {"snapshot.dirty_pages", snapshot == null ? "null" : String.valueOf(snapshot.dirtyPages()),
                    actual.snapshot == null ? "null" : String.valueOf(actual.snapshot.dirtyPages())},
            {"snapshot.source_pages", snapshot == null ? "null" : String.valueOf(snapshot.sourcePages()),
                    actual.snapshot == null ? "null" : String.valueOf(actual.snapshot.sourcePages())},
            {"snapshot.hash", snapshot == null ? "null" : snapshot.hash(),
                    actual.snapshot == null ? "null" : actual.snapshot.hash()},
        };
        for (String[] f : fields) {
            if (!f[1].equals(f[2])) {
                return f[0] + ": expected " + f[1] + ", got " + f[2];
            }
        }
        return null;
    }

    static String hex(Long pc) {
        return pc == null ? "null" : "0x" + Long.toHexString(pc);
    }
}
