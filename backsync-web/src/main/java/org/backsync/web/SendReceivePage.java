package org.backsync.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.backsync.engine.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live Send/Receive page: a Helidon SE web server that shows a {@link StatusBoard} and sends the page's buttons
 * to {@link WebActions}.
 *
 * <pre>
 * GET  /                 the page (index.html, app.css, app.js from this package's resources; no CDN)
 * GET  /events           server-sent events: a "state" event with the whole snapshot on each change, at most ~10/s
 * GET  /api/state        the same snapshot once, as JSON
 * GET  /metrics          Prometheus text ({@link BoardMetrics})
 * POST /api/sync?account=A, /api/cancel?sync=N, /api/cancel-all, /api/pause, /api/resume,
 *      /api/outbox/retry?id=N, /api/outbox/hold?id=N
 * </pre>
 *
 * Every request needs the {@link AccessToken} (401 without one, 403 with a wrong one); a POST needs it in its header.
 * Bound to loopback unless {@link WebConfig} says otherwise, which is logged at WARN. Start with {@link #start};
 * {@link #close()} stops the server and ends open event streams within about a second.
 */
public final class SendReceivePage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SendReceivePage.class);
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.css", "app.css",
            "/app.js", "app.js");

    private final StatusBoard board;
    private final AccessToken token = AccessToken.random();
    private final BoardMetrics metrics;
    private final EventStream events;
    private final ActionRoutes actions;
    private final WebServer server;
    private final String urlHost;

    private SendReceivePage(StatusBoard board, WebActions webActions, WebConfig config) {
        this.board = board;
        this.urlHost = urlHost(config.host());
        this.metrics = new BoardMetrics(board);
        this.events = new EventStream(board);
        this.actions = new ActionRoutes(board, webActions);
        this.server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .shutdownHook(false)
                .routing(this::routes)
                .build();
    }

    /** Starts the server and logs the page's URL at INFO (the one place the token is written). */
    public static SendReceivePage start(StatusBoard board, WebActions actions, WebConfig config) {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(config, "config");
        if (!isLoopback(config.host())) {
            log.warn(
                    "the Send/Receive page listens on {}, reachable from other hosts; anyone with its URL can "
                            + "control syncs",
                    config.host());
        }
        SendReceivePage page = new SendReceivePage(board, actions, config);
        page.server.start();
        log.info("Send/Receive page: {}", page.url());
        return page;
    }

    /** The page's URL with its token, for the user to open; {@code http://127.0.0.1:PORT/?token=...}. */
    public URI url() {
        return URI.create(baseUrl() + "/?token=" + token.value());
    }

    /** The URL without the token, for tests that check that it is required. */
    public URI baseUrl() {
        return URI.create("http://" + urlHost + ":" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The token alone, for clients that send it as a header. */
    public String token() {
        return token.value();
    }

    @Override
    public void close() {
        events.close();
        server.stop();
    }

    private void routes(HttpRouting.Builder r) {
        r.addFilter(this::checkToken);
        ASSETS.forEach((path, file) -> r.get(path, (req, res) -> asset(req, res, file)));
        r.get("/events", events::handle);
        r.get("/api/state", (req, res) -> json(res, SnapshotJson.write(board.snapshot(), board.runningCount())));
        r.get("/metrics", (req, res) -> {
            res.headers().contentType(io.helidon.common.media.type.MediaTypes.TEXT_PLAIN);
            res.send(metrics.scrape());
        });
        actions.register(r);
    }

    private void checkToken(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        AccessToken.Check check = req.prologue().method() == Method.POST ? token.checkHeader(req) : token.check(req);
        switch (check) {
            case VALID -> chain.proceed();
            case MISSING -> deny(res, io.helidon.http.Status.UNAUTHORIZED_401, "access token required");
            case WRONG -> deny(res, io.helidon.http.Status.FORBIDDEN_403, "wrong access token");
        }
    }

    private static void deny(ServerResponse res, io.helidon.http.Status status, String text) {
        res.status(status);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(text);
    }

    private void asset(ServerRequest req, ServerResponse res, String file) {
        if (req.query().contains("token")) {
            res.headers().addCookie(token.cookie()); // first load: later requests carry the cookie
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, contentType(file));
        res.header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'");
        res.header("Referrer-Policy", "no-referrer");
        try (InputStream in = SendReceivePage.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + file, e);
        }
    }

    static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.send(body);
    }

    private static String contentType(String file) {
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }

    /** A wildcard bind is opened through loopback; an IPv6 literal needs brackets in a URL. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
