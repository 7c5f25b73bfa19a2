package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A suspended execution as the committed state holds it.
 *
 * @param execution   the hash of the Call that started it
 * @param owner       that Call's sender
 * @param controllers others the owner allowed to resume or cancel it; unmodifiable
 * @param totalCycles cycles run so far over all segments
 * @param segments    transactions that ran it so far
 * @param stateRoot   its machine's state root; the accessor returns a copy
 * @param recordHash  the leaf value of this execution in the commitment; the accessor returns a copy
 */
public record Suspension(TxHash execution, Address owner, List<Address> controllers, long totalCycles, int segments,
                         byte[] stateRoot, byte[] recordHash) {
    /**
     * Copies the controllers list and both arrays; the plugin builds these, a host only reads them.
     *
     * @param execution   the hash of the Call that started it
     * @param owner       that Call's sender
     * @param controllers who else may resume or cancel it; copied
     * @param totalCycles cycles run so far
     * @param segments    transactions that ran it so far
     * @param stateRoot   its machine's state root; copied
     * @param recordHash  its leaf value in the commitment; copied
     * @throws NullPointerException if {@code controllers} (or one of its elements), {@code stateRoot}
     *                              or {@code recordHash} is null
     */
    public Suspension {
        controllers = List.copyOf(controllers);
        stateRoot = stateRoot.clone();
        recordHash = recordHash.clone();
    }

    /**
     * The suspended machine's state root.
     *
     * @return a fresh copy on each call
     */
    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    /**
     * The execution's leaf value in the commitment.
     *
     * @return a fresh copy on each call
     */
    @Override
    public byte[] recordHash() {
        return recordHash.clone();
    }
}
