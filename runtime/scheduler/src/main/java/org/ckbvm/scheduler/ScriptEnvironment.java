package org.ckbvm.scheduler;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;

/**
 * What a script runs with, the same for every VM of it: the machine configuration (its version
 * decides which syscalls exist), the data source, the root program's blob, the transaction's
 * sources (cell deps 0..n-1, also where spawn and exec find programs; docs/SPAWN.md §11), the
 * root's argv (CKB passes none), where debug output goes, the host's own syscalls (e.g. the
 * plugin's load_tx_hash and load_script; stateless, shared by all VMs) and the engine.
 */
public record ScriptEnvironment(MachineConfig config, DataSource dataSource, SourceId program, List<SourceId> sources,
                                List<byte[]> rootArgs, Consumer<String> debugSink, List<SyscallHandler> hostSyscalls,
                                Engine engine) {

    public ScriptEnvironment {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(program, "program");
        sources = List.copyOf(sources);
        rootArgs = rootArgs.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(debugSink, "debugSink");
        hostSyscalls = List.copyOf(hostSyscalls);
        Objects.requireNonNull(engine, "engine");
    }

    /** No root arguments, debug output dropped, no host syscalls, the default engine. */
    public static ScriptEnvironment of(MachineConfig config, DataSource dataSource, SourceId program,
                                       List<SourceId> sources) {
        return new ScriptEnvironment(config, dataSource, program, sources, List.of(), message -> { }, List.of(),
                Engine.defaultEngine());
    }

    public ScriptEnvironment withRootArgs(List<byte[]> args) {
        return new ScriptEnvironment(config, dataSource, program, sources, args, debugSink, hostSyscalls, engine);
    }

    public ScriptEnvironment withDebugSink(Consumer<String> sink) {
        return new ScriptEnvironment(config, dataSource, program, sources, rootArgs, sink, hostSyscalls, engine);
    }

    public ScriptEnvironment withHostSyscalls(List<SyscallHandler> syscalls) {
        return new ScriptEnvironment(config, dataSource, program, sources, rootArgs, debugSink, syscalls, engine);
    }

    public ScriptEnvironment withEngine(Engine e) {
        return new ScriptEnvironment(config, dataSource, program, sources, rootArgs, debugSink, hostSyscalls, e);
    }

    @Override
    public List<byte[]> rootArgs() {
        return rootArgs.stream().map(byte[]::clone).toList();
    }
}
