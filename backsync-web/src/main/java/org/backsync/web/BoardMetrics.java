package org.backsync.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import org.backsync.AccountId;
import org.backsync.OutboxState;
import org.backsync.Status;
import org.backsync.engine.BoardTotals;
import org.backsync.engine.BoardTotals.Direction;
import org.backsync.engine.StatusBoard;
import org.backsync.engine.StatusSnapshot.PushState;

/**
 * The {@code /metrics} page: the {@link StatusBoard}'s totals in Prometheus text format. Counters read the board's
 * monotonic {@link BoardTotals}, so nothing here is on a sync's path. Names as exported:
 *
 * <pre>
 * backsync_syncs_total{status}          finished syncs by final status
 * backsync_errors_total{status}         error() reports by status, warnings included
 * backsync_messages_total{direction}    messages and changes moved, up or down
 * backsync_bytes_total{direction}       bytes moved, up or down
 * backsync_syncs_running                syncs accepted and not yet done
 * backsync_queue_depth                  syncs waiting in the scheduler
 * backsync_push_healthy{account}        1 while the account's IDLE connection is ACTIVE, else 0
 * backsync_outbox_messages{state}       Outbox messages by state
 * </pre>
 */
final class BoardMetrics {
    private final StatusBoard board;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    BoardMetrics(StatusBoard board) {
        this.board = board;
        BoardTotals totals = board.totals();
        for (Status status : Status.values()) {
            String tag = status.name();
            FunctionCounter.builder("backsync.syncs", totals, t -> t.syncs(status))
                    .description("Finished syncs by final status")
                    .tag("status", tag)
                    .register(registry);
            FunctionCounter.builder("backsync.errors", totals, t -> t.errors(status))
                    .description("Reported sync problems by status, warnings included")
                    .tag("status", tag)
                    .register(registry);
        }
        for (Direction direction : Direction.values()) {
            String tag = direction.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("backsync.messages", totals, t -> t.messages(direction))
                    .description("Messages and changes moved")
                    .tag("direction", tag)
                    .register(registry);
            FunctionCounter.builder("backsync.bytes", totals, t -> t.bytes(direction))
                    .description("Bytes moved")
                    .tag("direction", tag)
                    .register(registry);
        }
        Gauge.builder("backsync.syncs.running", board, StatusBoard::runningCount)
                .description("Syncs accepted and not yet done")
                .register(registry);
        Gauge.builder("backsync.queue.depth", board, StatusBoard::queueDepth)
                .description("Syncs waiting in the scheduler")
                .register(registry);
        for (OutboxState state : OutboxState.values()) {
            Gauge.builder("backsync.outbox.messages", board, b -> outboxCount(b, state))
                    .description("Outbox messages by state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    /** The Prometheus text exposition, registering a push gauge for each account seen since the last scrape. */
    String scrape() {
        for (AccountId id : board.accounts()) {
            Gauge.builder("backsync.push.healthy", board, b -> b.pushHealth(id).state() == PushState.ACTIVE ? 1 : 0)
                    .description("1 while the account's IDLE connection is active, else 0")
                    .tag("account", id.value())
                    .register(registry);
        }
        return registry.scrape();
    }

    private static double outboxCount(StatusBoard board, OutboxState state) {
        return board.outboxEntries().stream().filter(e -> e.state() == state).count();
    }
}
