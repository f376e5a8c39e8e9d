package org.backsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code backsync} command: it only lists its subcommands, which {@link Main} registers (only the one
 * a command line names, so that picocli inspects one command class per run, not all of them).
 */
@Command(
        name = "backsync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Background mail sync: IMAP to a local SQLite store and an SMTP Outbox, on Outlook's MAPI"
                    + " background-sync contract.",
            "Start with: backsync demo"
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
