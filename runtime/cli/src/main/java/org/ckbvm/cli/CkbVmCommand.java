package org.ckbvm.cli;

import org.ckbvm.plugin.CkbVmPlugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code java -jar runtime/target/ckbvm.jar <command> ...}: the command-line entry point. Every
 * command answers {@code --help} and {@code --version} (and {@code ckbvm help COMMAND...}),
 * whatever else is missing; errors end with the statuses of {@link ExitStatus}.
 */
@Command(name = "ckbvm", mixinStandardHelpOptions = true, versionProvider = CkbVmCommand.Version.class,
        description = "A CKB-VM compatible RISC-V runtime: run contracts, suspend and resume them.",
        subcommands = {RunCommand.class, ResumeCommand.class, SnapshotCommand.class, StoreCommand.class,
                BenchCommand.class, VectorsCommand.class, AuditCommand.class, NodeCommand.class, DemoCommand.class,
                ChainCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit status (README.md, \"Exit status\"; run and resume exit with the guest's own "
                + "exit code when it exits):%n",
        exitCodeList = {
            "0:success",
            "1:a VM error (run, resume), a verification failure (verify, audit), or the entry asked for is not there",
            "2:usage error: a bad option or value, a file that cannot be read or is not what is expected",
            "3:the cycle limit stopped the guest (run, resume); it can be resumed",
            "4:store error: the store or chain state cannot be opened, read or written",
            "5:internal or I/O error"})
public final class CkbVmCommand {

    /** {@code --version} of every command: the build's version, the same as the plugin's. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ckbvm " + CkbVmPlugin.VERSION};
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the process status (for tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with its parser settings and handlers. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CkbVmCommand());
        // everything after the ELF path is the guest's argv, options included (README, "Command line")
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.getSubcommands().get("store").getSubcommands().get("bench").setStopAtPositional(true);
        configure(cli, new Version());
        cli.setParameterExceptionHandler(Report::parseError);
        cli.setExecutionExceptionHandler(Report::executionError);
        return cli;
    }

    private static void configure(CommandLine cmd, IVersionProvider version) {
        cmd.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            configure(sub, version);
        }
    }
}
