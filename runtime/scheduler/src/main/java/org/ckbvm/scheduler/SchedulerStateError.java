package org.ckbvm.scheduler;

import java.util.List;

import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.SnapshotFormatError;

/**
 * Why a suspended scheduler state was refused, by {@link SchedulerStateCodec} (bytes, structure)
 * or by {@link Scheduler#resume} (the VMs against the environment). Every reason is its own
 * record; {@link #message()} names the field with the names of {@code scheduler.proto}, e.g.
 * {@code vms[2].state}.
 */
public sealed interface SchedulerStateError {

    String message();

    /** Not a protobuf message: truncated, a malformed varint or tag, nesting too deep. */
    record Unparseable(String detail) implements SchedulerStateError {
        public String message() { return "not a scheduler state message: " + detail; }
    }

    /** Fields this reader does not know (or a known number with another wire type). */
    record UnknownFields(String field, List<Integer> fieldNumbers) implements SchedulerStateError {
        public UnknownFields {
            fieldNumbers = List.copyOf(fieldNumbers);
        }
        public String message() { return "unknown fields " + fieldNumbers + " in " + field; }
    }

    /** {@code format_version} is not the one this build reads (unsigned). */
    record UnsupportedFormatVersion(long version) implements SchedulerStateError {
        public String message() {
            return "format_version " + version + " is not supported (expected " + SchedulerState.FORMAT_VERSION + ")";
        }
    }

    /** The bytes are not exactly what the decoded value encodes to. */
    record NonCanonicalEncoding(String detail) implements SchedulerStateError {
        public String message() { return "not the canonical encoding: " + detail; }
    }

    /** A VM's snapshot is refused by the snapshot codec. */
    record BadSnapshot(String field, SnapshotFormatError reason) implements SchedulerStateError {
        public String message() { return field + ": " + reason.message(); }
    }

    /** A required field is absent (a VM's state or snapshot). */
    record MissingField(String field) implements SchedulerStateError {
        public String message() { return field + " is missing"; }
    }

    /** A VM's snapshot is not a Snapshot2, or its configuration differs from the other VMs'. */
    record InconsistentSnapshot(String field, String detail) implements SchedulerStateError {
        public String message() { return field + ": " + detail; }
    }

    /** A list is not strictly ascending by its key. */
    record OutOfOrder(String field) implements SchedulerStateError {
        public String message() { return field + " is not strictly ascending"; }
    }

    /** A count over ckb's limits (17 live VMs, 65 open fds, 4 instantiated VMs). */
    record TooMany(String field, int count, int max) implements SchedulerStateError {
        public String message() { return field + " has " + count + " entries, at most " + max + " are possible"; }
    }

    /** There is no root VM (id 0 must be the first live VM). */
    record NoRootVm() implements SchedulerStateError {
        public String message() { return "vms has no root VM (id 0)"; }
    }

    /** An id or fd that cannot be: not below next_vm_id / next_fd_slot, a bad parity, below the first fd. */
    record BadNumber(String field, long value, String rule) implements SchedulerStateError {
        public String message() { return field + " is " + Long.toUnsignedString(value) + ": " + rule; }
    }

    /** A reference to a VM that is not live (an fd's owner, an instantiated id, the running VM). */
    record UnknownVm(String field, long vmId) implements SchedulerStateError {
        public String message() { return field + " names VM " + Long.toUnsignedString(vmId) + ", which is not live"; }
    }

    /** Facts that contradict each other (a VM both live and terminated, a running VM that is not runnable, ...). */
    record Contradiction(String detail) implements SchedulerStateError {
        public String message() { return detail; }
    }

    /** {@code bundle_root} is not 32 bytes. */
    record BadBundleRootLength(int length) implements SchedulerStateError {
        public String message() { return "bundle_root is " + length + " bytes, expected 32"; }
    }

    /** The recorded bundle root is not the one the state hashes to. */
    record BundleRootMismatch(String recorded, String recomputed) implements SchedulerStateError {
        public String message() {
            return "bundle root mismatch: the state records 0x" + recorded + ", it hashes to 0x" + recomputed;
        }
    }

    /** A VM's snapshot names other transaction sources than the environment. */
    record SourcesMismatch(long vmId) implements SchedulerStateError {
        public String message() { return "VM " + vmId + "'s snapshot names other sources than this run"; }
    }

    /** A VM's snapshot does not resume in this environment (configuration, a blob, its state root). */
    record VmResumeFailed(long vmId, ResumeException.Reason reason) implements SchedulerStateError {
        public String message() { return "VM " + vmId + ": " + reason.message(); }
    }
}
