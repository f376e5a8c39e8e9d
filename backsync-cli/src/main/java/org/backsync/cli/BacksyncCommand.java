package org.backsync.cli;

import java.util.List;

/**
 * The top-level {@code backsync} command: {@code --version}, and the subcommands in the order {@code --help} lists
 * them; a subcommand is made only when the command line names it.
 */
final class BacksyncCommand implements Command {
    private boolean version;

    @Override
    public Syntax syntax() {
        return new Syntax(
                        "backsync",
                        "Background mail sync: IMAP to a local SQLite store and an SMTP Outbox, on Outlook's MAPI"
                                + " background-sync contract.",
                        "Start with: backsync demo")
                .flag("-V, --version", "Print version information and exit.", () -> version = true)
                .subcommands(
                        List.of(
                                "demo", "sync", "serve", "status", "outbox", "fetch", "account", "export", "version",
                                "help"),
                        BacksyncCommand::command)
                .footer(() -> "Exit codes:\n" + ExitCode.table());
    }

    private static Command command(String name) {
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

    @Override
    public int call(Streams streams) throws Syntax.UsageException {
        if (!version) {
            throw new Syntax.UsageException("Missing command: try 'backsync --help'");
        }
        VersionInfo.lines().forEach(streams.out()::println);
        return ExitCode.OK.code();
    }
}
