package org.ckbvm.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;

/**
 * {@code ckbvm help [COMMAND [SUBCOMMAND]]}: the help of any command, as {@code COMMAND --help}
 * prints it (picocli's own help command takes one name only; this one follows a path, e.g.
 * {@code ckbvm help store bench}). Registered in every command that has subcommands.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
        description = "Show the help of a command, e.g. 'help run' or 'help store bench'.")
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to explain.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, java.io.PrintWriter out,
                     java.io.PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
    }

    @Override
    public Integer call() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null || sub == self) {
                List<String> known = new ArrayList<>(target.getSubcommands().keySet());
                known.remove("help");
                throw UsageException.badValue("COMMAND", name, known.isEmpty()
                        ? "no command: '" + target.getCommandSpec().qualifiedName() + "' has no subcommands"
                        : "one of " + String.join(", ", known));
            }
            target = sub;
        }
        PrintStream out = System.out;
        target.usage(out, colors);
        return ExitStatus.OK;
    }
}
