package org.backsync.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import org.backsync.AccountId;
import org.backsync.OutboxState;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.OutboxRecord;

/** {@code backsync status}: what the local store holds per account, and the Outbox by state. */
final class StatusCommand implements Command {
    private final ConfigOptions options = new ConfigOptions();

    @Override
    public Syntax syntax() {
        return options.addTo(
                new Syntax("status", "Show each account's local folders, messages (header-only ones too) and Outbox."));
    }

    @Override
    public int call(Streams streams) throws Exception {
        EngineConfig config = options.load();
        PrintWriter out = streams.out();
        try (Engine engine = Hosts.open(config)) {
            out.println("store: " + config.dataDir());
            for (AccountId a : config.accounts().keySet()) {
                long messages = 0;
                long headerOnly = 0;
                long bytes = 0;
                int folders = 0;
                for (LocalFolder f : engine.store().folders(a)) {
                    folders++;
                    for (LocalMessage m : engine.store().messages(f.id())) {
                        messages++;
                        bytes += m.size();
                        headerOnly += m.headerOnly() ? 1 : 0;
                    }
                }
                Map<OutboxState, Integer> outbox = new EnumMap<>(OutboxState.class);
                for (OutboxRecord r : engine.store().outbox(a)) {
                    outbox.merge(r.entry().state(), 1, Integer::sum);
                }
                out.printf(
                        "%s: %d folders, %d messages (%d header-only), %.1f MB; outbox %s%n",
                        a, folders, messages, headerOnly, bytes / 1048576.0, outbox.isEmpty() ? "empty" : outbox);
            }
        }
        return ExitCode.OK.code();
    }
}
