package org.ckbvm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar runtime/target/ckbvm.jar <command> ...}: the command-line entry point. */
@Command(name = "ckbvm", mixinStandardHelpOptions = true, version = "ckbvm 0.1.0",
        description = "A CKB-VM compatible RISC-V runtime: run contracts, suspend and resume them.",
        subcommands = {RunCommand.class, ResumeCommand.class, SnapshotCommand.class, StoreCommand.class,
                BenchCommand.class, VectorsCommand.class, AuditCommand.class, NodeCommand.class, DemoCommand.class,
                ChainCommand.class})
public final class CkbVmCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the process status (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new CkbVmCommand())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // files that cannot be read, bad numbers: a clear message, not a stack trace
                    String message = e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage()
                            : e.getMessage() != null ? e.getMessage() : e.toString();
                    commandLine.getErr().println("error: " + message);
                    return 2;
                })
                .execute(args);
    }
}
