package org.ckbvm.snapshot;

import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.MachineConfig;

/**
 * The configuration a snapshot was taken under. A machine resumes a snapshot only if every field
 * equals its own configuration.
 *
 * @param formatVersion  version of the snapshot format ({@link #FORMAT_VERSION})
 * @param machineVersion CKB-VM machine version 0, 1 or 2
 * @param isa            CKB-VM ISA flags
 * @param costModel      cost model id ({@code ckb} or {@code unit})
 * @param memorySize     guest memory size in bytes
 */
public record SnapshotHeader(int formatVersion, int machineVersion, int isa, String costModel, long memorySize) {
    /** The snapshot format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public static SnapshotHeader of(MachineConfig config) {
        return new SnapshotHeader(FORMAT_VERSION, config.version(), config.isa(), config.costModel().id(),
                config.memorySize());
    }

    public MachineConfig toConfig() {
        return new MachineConfig(machineVersion, isa, CostModel.parse(costModel), memorySize);
    }
}
