package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A suspended execution as the committed state holds it.
 *
 * @param execution   the hash of the Call that started it
 * @param owner       that Call's sender
 * @param controllers others the owner allowed to resume or cancel it
 * @param totalCycles cycles run so far over all segments
 * @param segments    transactions that ran it so far
 * @param stateRoot   its machine's state root
 * @param recordHash  the leaf value of this execution in the commitment
 */
public record Suspension(TxHash execution, Address owner, List<Address> controllers, long totalCycles, int segments,
                         byte[] stateRoot, byte[] recordHash) {
    public Suspension {
        controllers = List.copyOf(controllers);
        stateRoot = stateRoot.clone();
        recordHash = recordHash.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    @Override
    public byte[] recordHash() {
        return recordHash.clone();
    }
}
