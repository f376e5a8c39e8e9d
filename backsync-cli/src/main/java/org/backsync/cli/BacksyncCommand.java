package org.backsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code backsync} command: it only lists its subcommands. */
@Command(
        name = "backsync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Background mail sync: IMAP to a local SQLite store and an SMTP Outbox, on Outlook's MAPI"
                    + " background-sync contract.",
            "Start with: backsync demo"
        },
        subcommands = {
            DemoCommand.class,
            SyncCommand.class,
            ServeCommand.class,
            StatusCommand.class,
            OutboxCommand.class,
            FetchCommand.class,
            AccountCommand.class,
            ExportCommand.class,
            VersionCommand.class,
            HelpCommand.class
        },
        footerHeading = "%nExit codes:%n")
final class BacksyncCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'backsync --help'");
    }
}
