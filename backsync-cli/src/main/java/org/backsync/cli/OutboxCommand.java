package org.backsync.cli;

import java.io.PrintWriter;
import java.util.List;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.engine.Engine;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.OutboxRecord;

/** {@code backsync outbox list|retry|cancel}: the local Outbox (CONTRACT 6). */
final class OutboxCommand implements Command {
    @Override
    public Syntax syntax() {
        return new Syntax(
                        "outbox",
                        "List the Outbox, put a FAILED or HELD message back in the queue, or hold (cancel) one.")
                .subcommands(List.of("list", "retry", "cancel"), OutboxCommand::command);
    }

    private static Command command(String name) {
        return switch (name) {
            case "list" -> new ListCommand();
            case "retry" -> new Retry();
            case "cancel" -> new Cancel();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Override
    public int call(Streams streams) throws Syntax.UsageException {
        throw new Syntax.UsageException("Missing required subcommand");
    }

    static final class ListCommand implements Command {
        private final ConfigOptions options = new ConfigOptions();

        @Override
        public Syntax syntax() {
            return options.addTo(
                    new Syntax("list", "Every Outbox message: id, account, state, attempts, next attempt, reason."));
        }

        @Override
        public int call(Streams streams) throws Exception {
            EngineConfig config = options.load();
            PrintWriter out = streams.out();
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
    static int refused(Streams streams, RuntimeException e) {
        boolean unknown = e instanceof IllegalArgumentException;
        PrintWriter err = streams.err();
        err.println("backsync: " + (unknown ? "NOT_FOUND: " : "") + e.getMessage());
        err.flush();
        return unknown ? ExitCode.NOT_FOUND.code() : ExitCode.USAGE.code();
    }

    static final class Retry implements Command {
        private final ConfigOptions options = new ConfigOptions();
        private long id;

        @Override
        public Syntax syntax() {
            return options.addTo(new Syntax("retry", "Put a FAILED or HELD message back in the queue and send it now."))
                    .parameter(
                            "ID", "The message's Outbox id (see 'outbox list').", 1, 1, v -> id = Syntax.longValue(v));
        }

        @Override
        public int call(Streams streams) throws Exception {
            try (Engine engine = Hosts.open(options.load())) {
                OutboxEntry e = engine.outbox().entry(new OutboxId(id));
                engine.outbox().retry(e.id());
                engine.flushOutbox(e.account());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return refused(streams, e);
            }
            return ExitCode.OK.code();
        }
    }

    static final class Cancel implements Command {
        private final ConfigOptions options = new ConfigOptions();
        private long id;

        @Override
        public Syntax syntax() {
            return options.addTo(new Syntax(
                            "cancel", "Hold a queued message so that it is not sent (retry sends it later)."))
                    .parameter(
                            "ID", "The message's Outbox id (see 'outbox list').", 1, 1, v -> id = Syntax.longValue(v));
        }

        @Override
        public int call(Streams streams) throws Exception {
            try (Engine engine = Hosts.open(options.load())) {
                engine.outbox().hold(new OutboxId(id));
            } catch (IllegalArgumentException | IllegalStateException e) {
                return refused(streams, e);
            }
            return ExitCode.OK.code();
        }
    }
}
