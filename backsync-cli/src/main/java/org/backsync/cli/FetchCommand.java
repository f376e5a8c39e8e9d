package org.backsync.cli;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.MessageKey;
import org.backsync.cli.view.RunSummary;
import org.backsync.cli.view.SyncDisplay;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;

/** {@code backsync fetch}: download the bodies of header-only messages now (ON_DEMAND promotion, CONTRACT 4.5). */
final class FetchCommand implements Command {
    private final ConfigOptions options = new ConfigOptions();
    private final List<Long> ids = new ArrayList<>();
    private String account = "";

    @Override
    public Syntax syntax() {
        return options.addTo(
                        new Syntax("fetch", "Download the full content of header-only messages, by local id, now."))
                .required("--account", "NAME", "The messages' account.", v -> account = v)
                .parameter("ID", "Local message ids.", 1, Integer.MAX_VALUE, v -> ids.add(Syntax.longValue(v)));
    }

    @Override
    public int call(Streams streams) throws Exception {
        EngineConfig config = options.load();
        AccountId a = Hosts.account(config, account);
        Set<MessageKey> keys = new LinkedHashSet<>();
        ids.forEach(id -> keys.add(new MessageKey(a, id)));
        RunSummary summary = new RunSummary(InstantSource.system());
        try (Engine engine = Hosts.open(config);
                SyncDisplay display = SyncDisplay.forTerminal(SyncDisplay.stdoutIsTerminal(), streams.out())) {
            engine.fetchFull(a, keys, display.listener(a, summary)).result().join();
            display.note(summary.line());
        }
        return ExitCode.of(summary.status()).code();
    }
}
