package org.backsync.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code backsync} command line; {@code ./backsync} runs this class. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one command line and returns its exit code ({@link ExitCode}); for tests, in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Logging.configure(args);
        CommandLine cli = commandLine(out, err);
        cli.setExecutionExceptionHandler(new Failures(err, args));
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BacksyncCommand());
        cli.getCommandSpec().usageMessage().footer(ExitCode.table());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL_ERROR.code());
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("backsync: " + e.getMessage());
            return ExitCode.USAGE.code();
        });
        return cli;
    }
}
