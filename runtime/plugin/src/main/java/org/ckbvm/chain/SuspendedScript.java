package org.ckbvm.chain;

import java.util.Arrays;
import java.util.Objects;

import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;

/**
 * A suspended execution's state as the chain keeps it under the execution's hash: the whole
 * scheduler of its script (every VM, docs/SPAWN.md §9), stored in exactly one form. A script that
 * is still one machine in the middle of its first run (no spawn, exec, pipe or wait so far; every
 * execution of machine versions 0 and 1) is stored as its root's Snapshot2 ({@link
 * SuspensionRecord.Form#MACHINE}), as executions were before scripts had several VMs; any other
 * as its {@code ckbvm.v1.SchedulerState} ({@link SuspensionRecord.Form#SCHEDULER}). The record's
 * state root is the snapshot's state root or the bundle root (testvectors/STATE_ROOT.md Part III).
 */
public final class SuspendedScript {
    private final SchedulerState state;
    private final SuspensionRecord.Form form;
    private final Snapshot machine;
    private final byte[] encoded;

    private SuspendedScript(SchedulerState state, SuspensionRecord.Form form, Snapshot machine, byte[] encoded) {
        this.state = state;
        this.form = form;
        this.machine = machine;
        this.encoded = encoded;
    }

    /** The stored form of a scheduler's state: the smallest that says all of it. */
    public static SuspendedScript of(SchedulerState state) {
        Objects.requireNonNull(state, "state");
        return state.singleMachine()
                .map(s -> new SuspendedScript(state, SuspensionRecord.Form.MACHINE, s, SnapshotCodec.encode(s)))
                .orElseGet(() -> new SuspendedScript(state, SuspensionRecord.Form.SCHEDULER, null,
                        SchedulerStateCodec.encode(state)));
    }

    /**
     * Reads a stored state of the given form. A scheduler's state that is one machine's is refused:
     * it has its own form, so every state has exactly one stored encoding.
     *
     * @throws MalformedException naming what is wrong with the bytes
     */
    public static SuspendedScript decode(SuspensionRecord.Form form, byte[] bytes) throws MalformedException {
        try {
            if (form == SuspensionRecord.Form.MACHINE) {
                Snapshot s = SnapshotCodec.decode(bytes);
                return new SuspendedScript(SchedulerState.ofSingleMachine(s), form, s, bytes.clone());
            }
            SchedulerState state = SchedulerStateCodec.decode(bytes);
            if (state.singleMachine().isPresent()) {
                throw new MalformedException("a scheduler's state that is one machine's, stored as a scheduler's");
            }
            return new SuspendedScript(state, form, null, bytes.clone());
        } catch (SnapshotFormatException | SchedulerStateException e) {
            throw new MalformedException(e.getMessage());
        }
    }

    public SchedulerState state() {
        return state;
    }

    public SuspensionRecord.Form form() {
        return form;
    }

    /** The bytes the chain stores. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return encoded.length;
    }

    /** The root the record binds: the machine's state root, or the scheduler's bundle root. */
    public byte[] stateRoot() {
        return machine != null ? machine.stateRoot() : state.bundleRoot();
    }

    /** The script's cycles so far. */
    public long cycles() {
        return state.cycles();
    }

    /** Whether this is the state {@code record} binds: its form, state root and cycles. */
    public boolean matches(SuspensionRecord record) {
        return record.form() == form && Arrays.equals(record.stateRoot(), stateRoot())
                && record.totalCycles() == cycles();
    }

    /** Stored bytes that are not a state of their form. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }
}
