package org.ckbvm.cli;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

import picocli.CommandLine.Option;

/** The options that pick a machine configuration; shared by the commands that create machines. */
final class MachineOptions {
    @Option(names = "--machine-version", paramLabel = "0|1|2", defaultValue = "2", converter = Values.MachineVersion.class,
            description = "CKB-VM machine version (CKB's script version): 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--isa", paramLabel = "LIST", defaultValue = "imc,b,mop", converter = Values.Isa.class,
            description = "ISA extensions: a comma list of imc, a, b, mop, or all (default: ${DEFAULT-VALUE}).")
    String isa;

    @Option(names = "--cost-model", paramLabel = "ckb|unit", defaultValue = "ckb", converter = Values.CostModelName.class,
            description = "ckb (CKB-VM's cycle table plus load cost) or unit (1 per instruction) (default: ${DEFAULT-VALUE}).")
    String costModel;

    @Option(names = "--memory", paramLabel = "BYTES", defaultValue = "4194304", converter = Values.MemorySize.class,
            description = "Guest memory size in bytes, a multiple of 4096; suffixes K, M, G allowed (default: ${DEFAULT-VALUE}).")
    long memorySize = Memory.DEFAULT_SIZE;

    MachineConfig toConfig() {
        return new MachineConfig(version, IsaFlags.parse(isa), CostModel.parse(costModel), memorySize);
    }
}
