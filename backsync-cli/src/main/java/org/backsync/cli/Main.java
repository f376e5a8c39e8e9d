package org.backsync.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        Command.Streams streams = new Command.Streams(out, err);
        try {
            return dispatch(List.of(args), streams);
        } catch (Syntax.UsageException e) {
            err.println("backsync: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        } catch (Exception e) {
            return new Failures(err, args).handle(e);
        } finally {
            out.flush();
        }
    }

    /**
     * From {@code backsync} down the subcommands the arguments name ({@code outbox retry}), each parsing the
     * arguments after its name; the last one runs, or prints its usage for {@code -h}/{@code --help}. Only the
     * commands named are made (all of them for the top-level help), so a {@code sync} never loads the demo's mail
     * server or the web page.
     */
    private static int dispatch(List<String> args, Command.Streams streams) throws Exception {
        Command command = new BacksyncCommand();
        String path = "backsync";
        int from = 0;
        while (true) {
            Syntax syntax = command.syntax();
            switch (syntax.parse(args, from)) {
                case Syntax.Help h -> {
                    streams.out().print(syntax.usage(path));
                    return ExitCode.OK.code();
                }
                case Syntax.Run r -> {
                    return command.call(streams);
                }
                case Syntax.Descend d -> {
                    command = d.command();
                    path = path + " " + d.name();
                    from = d.index() + 1;
                }
            }
        }
    }
}
