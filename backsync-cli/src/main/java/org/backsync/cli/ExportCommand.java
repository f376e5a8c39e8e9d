package org.backsync.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.backsync.AccountId;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.store.sqlite.MaildirExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backsync export --maildir DIR}: the local store as Maildir, one folder tree per account. */
@Command(
        name = "export",
        description = {
            "Write the local store as Maildir (one tree per account under DIR): flags and keywords (Dovecot's",
            "dovecot-keywords letters) in the file names, LF line ends unless --as-stored."
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--maildir", required = true, paramLabel = "DIR", description = "Target folder.")
    Path maildir;

    @Option(names = "--account", paramLabel = "NAME", description = "Only this account.")
    String account;

    @Option(
            names = "--as-stored",
            description = "Write the stored bytes unchanged (CRLF line ends, as the server sent them) instead of LF.")
    boolean asStored;

    @Override
    public Integer call() throws Exception {
        EngineConfig config = options.load();
        try (Engine engine = Hosts.open(config)) {
            for (AccountId a : config.accounts().keySet()) {
                if (account != null
                        && !a.value()
                                .equals(Hosts.account(spec, config, account).value())) {
                    continue;
                }
                MaildirExport.Summary s = MaildirExport.export(
                        engine.store(),
                        a,
                        maildir.resolve(a.value()),
                        asStored ? MaildirExport.LineEnds.AS_STORED : MaildirExport.LineEnds.LF);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: %d folders, %d messages, %.1f MB -> %s%n",
                                a, s.folders(), s.messages(), s.bytes() / 1048576.0, maildir.resolve(a.value()));
            }
        }
        return ExitCode.OK.code();
    }
}
