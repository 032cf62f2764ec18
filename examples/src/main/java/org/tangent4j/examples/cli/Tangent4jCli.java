package org.tangent4j.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.tangent4j.autodiff.realization.GradientFunctions;

/**
 * The command-line entry point behind the {@code ./tangent4j} launcher. Each subcommand is an example program or a
 * tool; {@code ./tangent4j --help} lists them, {@code ./tangent4j NAME --help} shows a subcommand's options.
 */
@Command(name = "tangent4j", mixinStandardHelpOptions = true, version = "tangent4j 0.1.0",
        description = "Neural tangent kernels and the function-space view of training.%n",
        subcommands = {CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n")
public final class Tangent4jCli implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tangent4jCli());
        for (Object sub : Subcommands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --expectations quadrature as well as QUADRATURE
        cl.setParameterExceptionHandler(Tangent4jCli::shortUsage);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            // Expected failures (bad arguments, unreadable files, divergence) are one clear line, not a stack trace.
            line.getErr().println(line.getColorScheme().errorText("error: " + message(ex)));
            if (System.getenv("TANGENT4J_TRACE") != null) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(set TANGENT4J_TRACE=1 for the stack trace)");
            }
            return 1;
        });
        return cl;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    private static int shortUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Usage: " + cmd.getCommandSpec().qualifiedName() + " [options]; see '"
                + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return 2;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        GradientFunctions.quietConsole(); // SameDiff prints a line per differentiated op
        try {
            org.tangent4j.examples.support.Threads.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine().execute(args));
    }
}
