package org.backsync.cli;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.SyncHandle;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.cli.view.RunSummary;
import org.backsync.cli.view.SyncDisplay;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;

/** {@code backsync sync}: one sync of the chosen accounts, with progress, then the summary line. */
final class SyncCommand implements Command {
    private final ConfigOptions options = new ConfigOptions();
    private final List<String> accounts = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final List<String> folders = new ArrayList<>();
    private boolean headersOnly;

    @Override
    public Syntax syntax() {
        Syntax s = new Syntax(
                "sync",
                "Synchronize now, once: every account and direction unless told otherwise.",
                "Shows progress bars on a terminal and plain lines otherwise, each error as it happens, then one line:",
                "  sync done status=... up=... down=... sent=... errors=... elapsed=...",
                "The exit code follows the final status (see backsync --help).");
        return options.addTo(s)
                .repeatable("--account", "NAME", "Only this account (repeatable).", accounts::add)
                .list(
                        "--kinds",
                        "KIND",
                        ",",
                        "Directions, comma-separated: upload_hierarchy, upload_contents, download_hierarchy,"
                                + " download_contents (default: all four).",
                        kinds::add)
                .flag(
                        "--headers-only",
                        "Store new messages header-only; bodies come with 'fetch'.",
                        () -> headersOnly = true)
                .repeatable("--folder", "PATH", "Only this folder, e.g. Archive/2024 (repeatable).", folders::add);
    }

    @Override
    public int call(Streams streams) throws Exception {
        EngineConfig config = options.load();
        Set<SyncKind> k = kinds();
        Set<FolderPath> f = folders();
        List<AccountId> ids = new ArrayList<>();
        for (String a : accounts) {
            ids.add(Hosts.account(config, a));
        }
        if (ids.isEmpty()) {
            ids.addAll(config.accounts().keySet());
        }
        PrintWriter out = streams.out();
        RunSummary summary = new RunSummary(InstantSource.system());
        try (Engine engine = Hosts.open(config);
                SyncDisplay display = SyncDisplay.forTerminal(SyncDisplay.stdoutIsTerminal(), out)) {
            List<SyncHandle> handles = new ArrayList<>();
            for (AccountId id : ids) {
                SyncRequest request = f.isEmpty() ? SyncRequest.of(id, k) : SyncRequest.forFolders(id, k, f);
                handles.add(engine.synchronizeInBackground(request, display.listener(id, summary)));
            }
            CountDownLatch printed = new CountDownLatch(1);
            Thread cancel = new Thread(() -> CtrlC.cancelAndWait(handles, printed), "backsync-ctrl-c");
            Runtime.getRuntime().addShutdownHook(cancel);
            handles.forEach(h -> h.result().join());
            display.note(summary.line());
            printed.countDown();
            CtrlC.remove(cancel);
        }
        return ExitCode.of(summary.status()).code();
    }

    private Set<SyncKind> kinds() throws Syntax.UsageException {
        EnumSet<SyncKind> k = EnumSet.noneOf(SyncKind.class);
        for (String name : kinds) {
            String upper = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            SyncKind kind = SyncKind.DIRECTIONS.stream()
                    .filter(d -> d.name().equals(upper))
                    .findFirst()
                    .orElse(null);
            if (kind == null) {
                throw new Syntax.UsageException("--kinds " + name + ": expected upload_hierarchy, upload_contents,"
                        + " download_hierarchy or download_contents");
            }
            k.add(kind);
        }
        if (k.isEmpty()) {
            k.addAll(SyncKind.DIRECTIONS);
        }
        if (headersOnly) {
            k.add(SyncKind.HEADERS_ONLY);
        }
        k.add(SyncKind.ON_DEMAND);
        return k;
    }

    private Set<FolderPath> folders() throws Syntax.UsageException {
        Set<FolderPath> out = new java.util.LinkedHashSet<>();
        for (String f : folders) {
            try {
                out.add(FolderPath.of(f));
            } catch (IllegalArgumentException e) {
                throw new Syntax.UsageException("--folder " + f + ": " + e.getMessage());
            }
        }
        return out;
    }
}
