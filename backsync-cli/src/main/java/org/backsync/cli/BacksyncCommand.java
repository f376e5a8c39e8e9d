package org.backsync.cli;

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
                .subcommand("demo", DemoCommand::new)
                .subcommand("sync", SyncCommand::new)
                .subcommand("serve", ServeCommand::new)
                .subcommand("status", StatusCommand::new)
                .subcommand("outbox", OutboxCommand::new)
                .subcommand("fetch", FetchCommand::new)
                .subcommand("account", AccountCommand::new)
                .subcommand("export", ExportCommand::new)
                .subcommand("version", VersionCommand::new)
                .subcommand("help", HelpCommand::new)
                .footer("Exit codes:\n" + ExitCode.table());
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
