package org.backsync.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;

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
        CommandLine cli = commandLine(out, err, args);
        cli.setExecutionExceptionHandler(new Failures(err, args));
        return cli.execute(args);
    }

    /** The subcommands' names, in the order {@code --help} lists them. */
    private static final List<String> SUBCOMMANDS =
            List.of("demo", "sync", "serve", "status", "outbox", "fetch", "account", "export", "version", "help");

    /**
     * Picocli reads a command's annotations when it is registered, by reflection over its class and every class it
     * mentions; a run registers only the subcommand it names (all of them for {@code help}, {@code --help} and
     * anything unknown), which keeps classes such as the demo's mail server and the web page out of a {@code sync}.
     * (A switch, not a map of constructor references: a lambda held in this class's static state made the JDK 25
     * AOT cache creation crash.)
     */
    private static Object subcommand(String name) {
        return switch (name) {
            case "demo" -> new DemoCommand();
            case "sync" -> new SyncCommand();
            case "serve" -> new ServeCommand();
            case "status" -> new StatusCommand();
            case "outbox" -> new OutboxCommand();
            case "fetch" -> new FetchCommand();
            case "account" -> new AccountCommand();
            case "export" -> new ExportCommand();
            case "version" -> new VersionCommand();
            case "help" -> new HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /** {@code -h, --help} on every subcommand and theirs ({@code backsync sync --help}), as on the top level. */
    private static void helpOption(CommandLine command) {
        if (!(command.getCommand() instanceof HelpCommand)) {
            command.getCommandSpec()
                    .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                            .usageHelp(true)
                            .description("Show this help message and exit.")
                            .build());
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            helpOption(sub);
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new String[] {"help"});
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cli = new CommandLine(new BacksyncCommand());
        String named = "help";
        for (String a : args) {
            if (!a.startsWith("-")) {
                named = a;
                break;
            }
        }
        if (SUBCOMMANDS.contains(named) && !named.equals("help")) {
            cli.addSubcommand(named, subcommand(named));
        } else {
            for (String name : SUBCOMMANDS) {
                cli.addSubcommand(name, subcommand(name));
            }
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            helpOption(sub);
        }
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
