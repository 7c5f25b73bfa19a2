package org.ckbvm.suspension;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.VerifiedExecution;

/**
 * Opens stores whose puts, imports and reads are proven resumable ({@link ResumeProof}), and
 * resumes their executions: the store proves every byte, the machine proves the state root.
 */
public final class StoreResumer {
    private StoreResumer() {}

    /** {@link SnapshotStore#open(Path, StoreConfig, org.ckbvm.store.ResumeCheck)} with {@link ResumeProof}. */
    public static SnapshotStore open(Path dir, StoreConfig config) throws StoreException {
        return SnapshotStore.open(dir, config, ResumeProof.INSTANCE);
    }

    /**
     * Reads, verifies and resumes the execution of {@code tx} in one step, on a machine of the
     * configuration {@code config} picks for the snapshot (usually its own header's).
     *
     * @throws ResumeException only if the machine configuration differs from the snapshot's;
     *         everything else that would stop a resume is a {@link StoreException}
     *         ({@link StoreError.NotResumable} if every byte checked out but it does not resume)
     */
    public static Optional<ResumedExecution> resume(SnapshotStore store, TxHash tx,
                                                    Function<Snapshot, MachineConfig> config,
                                                    Consumer<String> debugSink, List<SyscallHandler> extraSyscalls)
            throws StoreException, ResumeException {
        Optional<VerifiedExecution> read = store.readForResume(tx);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Snapshot snapshot = read.get().stored().snapshot();
        try {
            SuspendableMachine machine = SuspendableMachine.resume(snapshot, read.get().blobs(),
                    config.apply(snapshot), debugSink, extraSyscalls);
            return Optional.of(new ResumedExecution(read.get().stored(), machine));
        } catch (ResumeException e) {
            if (e.reason() instanceof ResumeException.Reason.SnapshotVersionMismatch) {
                throw e;
            }
            // Every byte was proven intact by the store, so this is not storage corruption: the
            // snapshot does not resume on this build. It stays where it is.
            throw new StoreException(new StoreError.NotResumable(tx, e.getMessage()));
        }
    }
}
