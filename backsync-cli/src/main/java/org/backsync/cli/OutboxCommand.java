package org.backsync.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.OutboxRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backsync outbox list|retry|cancel}: the local Outbox (CONTRACT 6). */
@Command(
        name = "outbox",
        description = "List the Outbox, put a FAILED or HELD message back in the queue, or hold (cancel) one.",
        subcommands = {OutboxCommand.ListCommand.class, OutboxCommand.Retry.class, OutboxCommand.Cancel.class})
final class OutboxCommand {
    @Command(name = "list", description = "Every Outbox message: id, account, state, attempts, next attempt, reason.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            EngineConfig config = options.load();
            PrintWriter out = spec.commandLine().getOut();
            try (Engine engine = Hosts.open(config)) {
                for (AccountId a : config.accounts().keySet()) {
                    for (OutboxRecord r : engine.store().outbox(a)) {
                        OutboxEntry e = r.entry();
                        out.println(e.id().value() + "  " + a + "  " + e.state() + "  attempts=" + e.attempts()
                                + e.nextAttempt().map(t -> "  next=" + t).orElse("") + "  " + e.messageId()
                                + e.reason().map(x -> "  reason: " + x).orElse(""));
                    }
                }
            }
            return ExitCode.OK.code();
        }
    }

    /**
     * An id the Outbox does not have is {@code NOT_FOUND} (exit 7); a message in a state the request does not apply
     * to (retry of a SENT one, hold of one being sent) is a bad request (exit 2). One line on standard error each.
     */
    static int refused(CommandSpec spec, RuntimeException e) {
        boolean unknown = e instanceof IllegalArgumentException;
        PrintWriter err = spec.commandLine().getErr();
        err.println("backsync: " + (unknown ? "NOT_FOUND: " : "") + e.getMessage());
        err.flush();
        return unknown ? ExitCode.NOT_FOUND.code() : ExitCode.USAGE.code();
    }

    @Command(name = "retry", description = "Put a FAILED or HELD message back in the queue and send it now.")
    static final class Retry implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "The message's Outbox id (see 'outbox list').")
        long id;

        @Override
        public Integer call() throws Exception {
            try (Engine engine = Hosts.open(options.load())) {
                OutboxEntry e = engine.outbox().entry(new OutboxId(id));
                engine.outbox().retry(e.id());
                engine.flushOutbox(e.account());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return refused(spec, e);
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "cancel", description = "Hold a queued message so that it is not sent (retry sends it later).")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "The message's Outbox id (see 'outbox list').")
        long id;

        @Override
        public Integer call() throws Exception {
            try (Engine engine = Hosts.open(options.load())) {
                engine.outbox().hold(new OutboxId(id));
            } catch (IllegalArgumentException | IllegalStateException e) {
                return refused(spec, e);
            }
            return ExitCode.OK.code();
        }
    }
}
