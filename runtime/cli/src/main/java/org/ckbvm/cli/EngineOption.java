package org.ckbvm.cli;

import org.ckbvm.machine.Engine;

import picocli.CommandLine.Option;

/** {@code --engine interp|jit|auto}: how the machine executes (results are identical). */
final class EngineOption {
    @Option(names = "--engine", paramLabel = "interp|jit|auto", defaultValue = "auto", converter = Values.EngineName.class,
            description = "interp (the reference interpreter), jit (translate hot code early) or auto "
                    + "(translate what pays) (default: ${DEFAULT-VALUE}). Results are identical.")
    String engine;

    Engine engine() {
        return Engine.parse(engine);
    }
}
