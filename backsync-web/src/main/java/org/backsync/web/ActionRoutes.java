package org.backsync.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.SyncId;
import org.backsync.engine.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's POST actions, each mapped to one {@link WebActions} call. Answers 204 when the action was accepted, 400
 * for a malformed parameter, 404 for an unknown account, sync or message, and 409 when the action does not apply now.
 * The token was already checked by the page's filter. After an action the board is told, so the page refreshes.
 */
final class ActionRoutes {
    private static final Logger log = LoggerFactory.getLogger(ActionRoutes.class);

    /** One action: reads its parameters, calls {@link WebActions}; false means "no such object". */
    private interface Action {
        boolean run(ServerRequest req);
    }

    private final StatusBoard board;
    private final WebActions actions;

    ActionRoutes(StatusBoard board, WebActions actions) {
        this.board = board;
        this.actions = actions;
    }

    void register(HttpRouting.Builder r) {
        r.post("/api/sync", handler(req -> {
            actions.syncNow(AccountId.of(param(req, "account")));
            return true;
        }));
        r.post("/api/cancel", handler(req -> actions.cancel(new SyncId(Long.parseLong(param(req, "sync"))))));
        r.post("/api/cancel-all", handler(req -> {
            actions.cancelAll();
            return true;
        }));
        r.post("/api/pause", handler(req -> {
            actions.pause();
            board.paused(true);
            return true;
        }));
        r.post("/api/resume", handler(req -> {
            actions.resume();
            board.paused(false);
            return true;
        }));
        r.post("/api/outbox/retry", handler(req -> {
            actions.outboxRetry(new OutboxId(Long.parseLong(param(req, "id"))));
            return true;
        }));
        r.post("/api/outbox/hold", handler(req -> {
            actions.outboxHold(new OutboxId(Long.parseLong(param(req, "id"))));
            return true;
        }));
    }

    private Handler handler(Action action) {
        return (req, res) -> {
            String path = req.path().path();
            try {
                boolean found = action.run(req);
                log.debug("web action {} {}", path, found ? "accepted" : "found nothing");
                board.changed();
                if (found) {
                    res.status(Status.NO_CONTENT_204).send();
                } else {
                    reply(res, Status.NOT_FOUND_404, "nothing to act on");
                }
            } catch (MissingParameter e) {
                reply(res, Status.BAD_REQUEST_400, e.getMessage());
            } catch (IllegalStateException e) {
                reply(res, Status.CONFLICT_409, e.getMessage());
            } catch (IllegalArgumentException e) {
                // NumberFormatException, an invalid AccountId, or an unknown object from WebActions
                reply(
                        res,
                        e instanceof NumberFormatException ? Status.BAD_REQUEST_400 : Status.NOT_FOUND_404,
                        e.getMessage());
            }
        };
    }

    private static void reply(ServerResponse res, Status status, String text) {
        res.status(status).send(text == null ? status.reasonPhrase() : text);
    }

    private static String param(ServerRequest req, String name) {
        return req.query().first(name).asOptional().orElseThrow(() -> new MissingParameter(name));
    }

    private static final class MissingParameter extends RuntimeException {
        MissingParameter(String name) {
            super("missing parameter: " + name);
        }
    }
}
