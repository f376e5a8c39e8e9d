package org.backsync.web;

import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.engine.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: one server-sent event stream per open page. Each stream waits on its own {@link
 * StatusBoard.Subscription} (one pending signal at most, so a burst of progress costs one event) and sends the whole
 * snapshot as a {@code state} event, at most every {@link #MIN_INTERVAL} and at least every {@link #HEARTBEAT} (the
 * Outbox and push health change without telling the board). Runs on the server's virtual thread for the request.
 */
final class EventStream {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final StatusBoard board;
    private final AtomicBoolean closed = new AtomicBoolean();

    EventStream(StatusBoard board) {
        this.board = board;
    }

    void handle(ServerRequest req, ServerResponse res) {
        try (StatusBoard.Subscription sub = board.subscribe();
                SseSink sink = res.sink(SseSink.TYPE)) {
            while (!closed.get()) {
                String json = SnapshotJson.write(board.snapshot(), board.runningCount());
                sink.emit(SseEvent.builder().name("state").data(json).build());
                Thread.sleep(MIN_INTERVAL); // coalesce: later changes wait for the next event
                sub.awaitChange(HEARTBEAT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        } catch (CloseConnectionException | UncheckedIOException e) {
            // the page went away: Helidon reports a failed write as a CloseConnectionException
            log.debug("event stream closed by the page: {}", e.toString());
        }
    }

    /** Ends every open stream within about {@link #HEARTBEAT}. */
    void close() {
        closed.set(true);
        board.changed();
    }
}
