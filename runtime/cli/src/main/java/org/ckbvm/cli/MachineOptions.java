package org.ckbvm.cli;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

import picocli.CommandLine.Option;

/** The options that pick a machine configuration; shared by the commands that create machines. */
final class MachineOptions {
    @Option(names = "--version", defaultValue = "2",
            description = "CKB-VM machine version: 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--isa", defaultValue = "imc,b,mop",
            description = "Comma list from imc,a,b,mop, or all (default: ${DEFAULT-VALUE}).")
    String isa;

    @Option(names = "--cost-model", defaultValue = "ckb",
            description = "ckb (CKB-VM's cycle table plus load cost) or unit (1 per instruction) (default: ${DEFAULT-VALUE}).")
    String costModel;

    @Option(names = "--memory", defaultValue = "4194304",
            description = "Guest memory size in bytes, a multiple of 4096 (default: ${DEFAULT-VALUE}).")
    long memorySize = Memory.DEFAULT_SIZE;

    MachineConfig toConfig() {
        return new MachineConfig(version, IsaFlags.parse(isa), CostModel.parse(costModel), memorySize);
    }
}
