package org.ckbvm.cli;

import java.util.List;

import org.ckbvm.plugin.CkbVmPlugin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code java -jar runtime/target/ckbvm.jar <command> ...}: the command-line entry point. Every
 * command answers {@code --help} and {@code --version} (and {@code ckbvm help COMMAND...}),
 * whatever else is missing; errors end with the statuses of {@link ExitStatus}.
 *
 * <p>The command tree is built for the command asked for only: picocli builds a command's model
 * (every option, mixin and converter, by reflection over its annotations) when the command is
 * added, and building all of them took most of a {@code run}'s start-up (README.md, "Speed: the
 * engines"). Anything that needs the other commands (no command, an unknown name, {@code help},
 * an option of {@code ckbvm} itself) gets the whole tree, which parses and prints exactly as before.
 */
@Command(name = "ckbvm", mixinStandardHelpOptions = true, versionProvider = CkbVmCommand.Version.class,
        description = "A CKB-VM compatible RISC-V runtime: run contracts, suspend and resume them.",
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

    /** The commands, in the order help lists them ({@code help} last, it needs the others). */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, ResumeCommand.class, SnapshotCommand.class,
            StoreCommand.class, BenchCommand.class, VectorsCommand.class, AuditCommand.class, NodeCommand.class,
            DemoCommand.class, ChainCommand.class, HelpCommand.class);

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
        return commandLine(args).execute(args);
    }

    /** The whole command tree with its parser settings and handlers. */
    static CommandLine commandLine() {
        return build(COMMANDS);
    }

    /**
     * The tree that parses {@code args} as the whole tree would: the root and the one command
     * {@code args} start with, or the whole tree if they do not start with a command's name, or
     * start with {@code help}.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command != HelpCommand.class && args[0].equals(command.getAnnotation(Command.class).name())) {
                    return build(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine build(List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new CkbVmCommand());
        for (Class<?> command : commands) {
            cli.addSubcommand(command);
        }
        // everything after the ELF path is the guest's argv, options included (README, "Command line")
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        CommandLine store = cli.getSubcommands().get("store");
        if (store != null) {
            store.getSubcommands().get("bench").setStopAtPositional(true);
        }
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
