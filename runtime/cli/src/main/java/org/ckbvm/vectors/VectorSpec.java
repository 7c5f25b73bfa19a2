package org.ckbvm.vectors;

import java.util.List;

import org.ckbvm.machine.MachineConfig;

/**
 * How to start one vector's machine: the program, the transaction's sources (cell deps in index
 * order), the machine configuration and argv (exactly, no program name added).
 */
public record VectorSpec(String name, String description, BlobRef program, List<BlobRef> sources,
                         MachineConfig config, List<String> args) {
    public VectorSpec {
        sources = List.copyOf(sources);
        args = List.copyOf(args);
    }
}
