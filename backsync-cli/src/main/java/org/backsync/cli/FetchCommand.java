package org.backsync.cli;

import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.backsync.AccountId;
import org.backsync.MessageKey;
import org.backsync.cli.view.RunSummary;
import org.backsync.cli.view.SyncDisplay;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backsync fetch}: download the bodies of header-only messages now (ON_DEMAND promotion, CONTRACT 4.5). */
@Command(name = "fetch", description = "Download the full content of header-only messages, by local id, now.")
final class FetchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--account", required = true, paramLabel = "NAME", description = "The messages' account.")
    String account;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Local message ids.")
    List<Long> ids;

    @Override
    public Integer call() throws Exception {
        EngineConfig config = options.load();
        AccountId a = Hosts.account(spec, config, account);
        Set<MessageKey> keys = new LinkedHashSet<>();
        ids.forEach(id -> keys.add(new MessageKey(a, id)));
        RunSummary summary = new RunSummary(InstantSource.system());
        try (Engine engine = Hosts.open(config);
                SyncDisplay display = SyncDisplay.forTerminal(
                        SyncDisplay.stdoutIsTerminal(), spec.commandLine().getOut())) {
            engine.fetchFull(a, keys, display.listener(a, summary)).result().join();
            display.note(summary.line());
        }
        return ExitCode.of(summary.status()).code();
    }
}
