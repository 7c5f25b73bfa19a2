package org.ckbvm.vectors;

import java.util.List;

import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * The machine a vector is replayed on. The checker only ever creates machines through this
 * interface, so a test can hand it a deliberately altered machine and show that the vectors
 * notice ({@code VectorMutationTest}); the product always uses {@link #REFERENCE}.
 */
public interface ExecutionTarget {

    /**
     * A machine with {@code program} loaded (load cost charged).
     *
     * @throws org.ckbvm.error.VmException if the program cannot be loaded
     */
    SuspendableMachine boot(MachineConfig config, DataSource blobs, SourceId program, List<SourceId> sources,
                            List<byte[]> args);

    /** A fresh machine resumed from {@code snapshot}. */
    SuspendableMachine resume(Snapshot snapshot, DataSource blobs, MachineConfig config) throws ResumeException;

    /** Our machine, unaltered. Debug output is dropped: vectors do not pin it. */
    ExecutionTarget REFERENCE = new ExecutionTarget() {
        @Override
        public SuspendableMachine boot(MachineConfig config, DataSource blobs, SourceId program,
                                       List<SourceId> sources, List<byte[]> args) {
            return SuspendableMachine.boot(config, blobs, program, sources, args, message -> { }, List.of());
        }

        @Override
        public SuspendableMachine resume(Snapshot snapshot, DataSource blobs, MachineConfig config)
                throws ResumeException {
            return SuspendableMachine.resume(snapshot, blobs, config, message -> { }, List.of());
        }
    };
}
