package org.backsync.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.backsync.AccountId;
import org.backsync.OutboxState;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.OutboxRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backsync status}: what the local store holds per account, and the Outbox by state. */
@Command(
        name = "status",
        description = "Show each account's local folders, messages (header-only ones too) and Outbox.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        EngineConfig config = options.load();
        PrintWriter out = spec.commandLine().getOut();
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
