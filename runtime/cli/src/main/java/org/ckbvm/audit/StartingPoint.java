package org.ckbvm.audit;

import java.util.List;

import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;

/**
 * Where an execution can be replayed from to check its snapshot: re-running from here under the
 * snapshot's own cycle limit must stop in exactly the snapshot's state, because stops happen only
 * at trace boundaries and never half way through an instruction. (The one known exception is
 * CKB-VM's V0/V1 trace aliasing, which depends on a warm trace cache: an execution that was
 * itself resumed on the way may legitimately differ from a replay in one go.)
 */
public sealed interface StartingPoint {

    /** Boot the program blob with these transaction sources and argv. */
    record Boot(MachineConfig config, SourceId program, List<SourceId> sources, List<byte[]> args)
            implements StartingPoint {
        public Boot {
            sources = List.copyOf(sources);
            args = args.stream().map(byte[]::clone).toList();
        }
    }

    /** Resume an earlier snapshot of the same execution (encoded bytes). */
    record Earlier(byte[] snapshot) implements StartingPoint {
        public Earlier {
            snapshot = snapshot.clone();
        }

        @Override
        public byte[] snapshot() {
            return snapshot.clone();
        }
    }
}
