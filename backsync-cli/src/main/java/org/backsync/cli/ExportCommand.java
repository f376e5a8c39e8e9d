package org.backsync.cli;

import java.nio.file.Path;
import org.backsync.AccountId;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.store.sqlite.MaildirExport;
import org.jspecify.annotations.Nullable;

/** {@code backsync export --maildir DIR}: the local store as Maildir, one folder tree per account. */
final class ExportCommand implements Command {
    private final ConfigOptions options = new ConfigOptions();
    private Path maildir = Path.of(".");
    private @Nullable String account;
    private boolean asStored;

    @Override
    public Syntax syntax() {
        return options.addTo(new Syntax(
                        "export",
                        "Write the local store as Maildir (one tree per account under DIR): flags and keywords"
                                + " (Dovecot's",
                        "dovecot-keywords letters) in the file names, LF line ends unless --as-stored."))
                .required("--maildir", "DIR", "Target folder.", v -> maildir = Path.of(v))
                .option("--account", "NAME", "Only this account.", v -> account = v)
                .flag(
                        "--as-stored",
                        "Write the stored bytes unchanged (CRLF line ends, as the server sent them) instead of LF.",
                        () -> asStored = true);
    }

    @Override
    public int call(Streams streams) throws Exception {
        EngineConfig config = options.load();
        AccountId only = account == null ? null : Hosts.account(config, account);
        try (Engine engine = Hosts.open(config)) {
            for (AccountId a : config.accounts().keySet()) {
                if (only != null && !a.equals(only)) {
                    continue;
                }
                MaildirExport.Summary s = MaildirExport.export(
                        engine.store(),
                        a,
                        maildir.resolve(a.value()),
                        asStored ? MaildirExport.LineEnds.AS_STORED : MaildirExport.LineEnds.LF);
                streams.out()
                        .printf(
                                "%s: %d folders, %d messages, %.1f MB -> %s%n",
                                a, s.folders(), s.messages(), s.bytes() / 1048576.0, maildir.resolve(a.value()));
            }
        }
        return ExitCode.OK.code();
    }
}
