package org.ckbvm.machine;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;

/**
 * What a machine is: CKB-VM version, ISA flags, cost model and memory size. Two machines with
 * equal configs given equal inputs reach equal states.
 */
public record MachineConfig(int version, int isa, CostModel costModel, long memorySize) {
    /** What this version does differently ({@link VersionRules}). */
    public VersionRules rules() {
        return VersionRules.of(version);
    }


    public MachineConfig {
        if (!MachineVersion.isValid(version)) {
            throw new IllegalArgumentException("machine version must be 0, 1 or 2, got " + version);
        }
        if ((isa & ~IsaFlags.ALL) != 0) {
            throw new IllegalArgumentException("unknown ISA flags " + isa);
        }
        if (costModel == null) {
            throw new IllegalArgumentException("cost model is required");
        }
        if (memorySize <= 0 || memorySize > Memory.MAX_SIZE || (memorySize & (Memory.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memory size must be a positive multiple of 4096 up to "
                    + Memory.MAX_SIZE + ", got " + memorySize);
        }
    }

    /** CKB's current script version: V2, IMC|B|MOP, CKB cost model, 4 MiB. */
    public static MachineConfig defaults() {
        return new MachineConfig(MachineVersion.V2, IsaFlags.DEFAULT, CostModel.CKB, Memory.DEFAULT_SIZE);
    }

    public MachineConfig withVersion(int v) {
        return new MachineConfig(v, isa, costModel, memorySize);
    }

    public MachineConfig withIsa(int i) {
        return new MachineConfig(version, i, costModel, memorySize);
    }

    public MachineConfig withCostModel(CostModel c) {
        return new MachineConfig(version, isa, c, memorySize);
    }

    public MachineConfig withMemorySize(long m) {
        return new MachineConfig(version, isa, costModel, m);
    }
}
