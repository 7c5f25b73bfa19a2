package org.ckbvm.snapshot;

import org.ckbvm.error.VmError;
import org.ckbvm.plugin.api.SourceId;

/**
 * A snapshot that cannot be resumed, and why. Nothing is half-resumed: the caller gets either a
 * machine whose recomputed state root equals the snapshot's, or this.
 */
public final class ResumeException extends Exception {
    private final Reason reason;

    public ResumeException(Reason reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The closed set of reasons a resume is refused. */
    public sealed interface Reason {
        String message();

        /** A header field differs from the resuming machine's configuration. */
        record SnapshotVersionMismatch(String field, String snapshot, String machine) implements Reason {
            public String message() {
                return "snapshot " + field + " is " + snapshot + " but this machine's is " + machine;
            }
        }

        /** The data source does not have a blob the snapshot references. */
        record MissingSource(SourceId id) implements Reason {
            public String message() { return "missing data source " + id; }
        }

        /** The blob the data source returned does not hash to its id. */
        record SourceContentMismatch(SourceId id, String actualHash) implements Reason {
            public String message() { return "data source " + id + " returned content hashing to 0x" + actualHash; }
        }

        /** The blob is shorter than a recorded page range needs. */
        record SourceTooShort(SourceId id, long offset, long length, long got) implements Reason {
            public String message() {
                return "data source " + id + " has " + got + " bytes at offset " + offset + ", the snapshot needs " + length;
            }
        }

        /** The restored state does not hash to the recorded state root. */
        record StateRootMismatch(String recorded, String recomputed) implements Reason {
            public String message() {
                return "state root mismatch: snapshot records 0x" + recorded + ", restored state is 0x" + recomputed;
            }
        }

        /** The snapshot is internally inconsistent (e.g. x0 is not zero). */
        record Malformed(String detail) implements Reason {
            public String message() { return "malformed snapshot: " + detail; }
        }

        /** Restoring memory failed with a machine error (e.g. pages out of bounds). */
        record MachineError(VmError error) implements Reason {
            public String message() { return "restoring memory failed: " + error.kind() + ": " + error.message(); }
        }
    }
}
