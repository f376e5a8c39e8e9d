package org.backsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.StatusBoard;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.engine.SyncTee;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendReceivePageTest {
    private static final AccountId ALICE = AccountId.of("alice");

    private final StatusBoard board = new StatusBoard();
    private final RecordingWebActions actions = new RecordingWebActions();
    private final SendReceivePage testSubject = SendReceivePage.start(board, actions, WebConfig.LOOPBACK);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        testSubject.close();
        http.close();
    }

    @Test
    void listensOnLoopbackAndPrintsATokenOf128Bits() {
        assertThat(testSubject.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(testSubject.url().getQuery()).matches("token=[0-9a-f]{32}");
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        assertThat(SendReceivePage.isLoopback("127.0.0.1")).isTrue();
        assertThat(SendReceivePage.isLoopback("::1")).isTrue();
        assertThat(SendReceivePage.isLoopback("0.0.0.0")).isFalse();
        assertThat(SendReceivePage.isLoopback("192.0.2.10")).isFalse();
    }

    @Test
    void everyPathWithoutTheTokenIsRefusedWith401() throws Exception {
        for (String path : List.of("/", "/app.js", "/events", "/api/state", "/metrics", "/nothing")) {
            assertThat(get(path, Optional.empty()).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(post("/api/cancel-all", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedWith403() throws Exception {
        String wrong = "0".repeat(32);

        assertThat(send(HttpRequest.newBuilder(uri("/api/state?token=" + wrong)).GET())
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/pause", Optional.of(wrong)).statusCode()).isEqualTo(403);
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void theFirstLoadSetsAStrictHttpOnlyCookieThatLaterRequestsUse() throws Exception {
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(testSubject.url()).GET());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Send/Receive").doesNotContain(testSubject.token());
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        var css = send(
                HttpRequest.newBuilder(uri("/app.css")).header("Cookie", pair).GET());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("css"));
    }

    @Test
    void aPostWithOnlyTheCookieTriggersNothing() throws Exception {
        var res = send(HttpRequest.newBuilder(uri("/api/cancel-all"))
                .header("Cookie", AccessToken.COOKIE + "=" + testSubject.token())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void everyButtonReachesWebActions() throws Exception {
        Optional<String> t = Optional.of(testSubject.token());
        for (String path : List.of(
                "/api/sync?account=alice",
                "/api/cancel?sync=7",
                "/api/cancel-all",
                "/api/pause",
                "/api/resume",
                "/api/outbox/retry?id=3",
                "/api/outbox/hold?id=4")) {
            assertThat(post(path, t).statusCode()).as(path).isEqualTo(204);
        }

        assertThat(actions.calls)
                .containsExactly("syncNow alice", "cancel 7", "cancelAll", "pause", "resume", "retry 3", "hold 4");
        assertThat(board.isPaused()).isFalse();
    }

    @Test
    void badActionsAreAnsweredWithTheRightStatus() throws Exception {
        Optional<String> t = Optional.of(testSubject.token());

        assertThat(post("/api/cancel?sync=404", t).statusCode()).isEqualTo(404);
        assertThat(post("/api/cancel?sync=x", t).statusCode()).isEqualTo(400);
        assertThat(post("/api/sync", t).statusCode()).isEqualTo(400);
        assertThat(post("/api/sync?account=no%20spaces", t).statusCode()).isEqualTo(404);
        var held = post("/api/outbox/hold?id=13", t);
        assertThat(held.statusCode()).isEqualTo(409);
        assertThat(held.body()).isEqualTo("message 13 is being sent");
        assertThat(get("/api/pause", t).statusCode()).isEqualTo(404);
        assertThat(actions.calls).containsExactly("cancel 404");
    }

    @Test
    void stateShowsTheBoardAsEscapedJson() throws Exception {
        SyncTee tee = board.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading \"Inbox\" <b>", 2, 4, 10, 20));
        tee.error(SyncError.of(Status.NOT_FOUND, Scope.FOLDER, "folder Old is gone", FolderPath.of("Old")));

        String json = get("/api/state", Optional.of(testSubject.token())).body();

        assertThat(json).contains("\"account\":\"alice\"");
        assertThat(json).contains("\"text\":\"Downloading \\\"Inbox\\\" \\u003cb>\"");
        assertThat(json).contains("\"index\":2,\"max\":4,\"bytesDone\":10,\"bytesTotal\":20,\"percent\":50");
        assertThat(json).contains("\"status\":\"NOT_FOUND\",\"hresult\":\"0x8004010F\",\"scope\":\"FOLDER\"");
        assertThat(json).contains("\"folder\":\"Old\"");
    }

    @Test
    void metricsAreInPrometheusFormatAndFollowTheTee() throws Exception {
        board.pushHealth(ALICE, new PushHealth(PushState.ACTIVE, "IDLE on INBOX", Optional.empty()));
        SyncTee tee = board.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "down", 3, 3, 4096, 4096));
        tee.error(SyncError.of(Status.BUSY, Scope.MESSAGE, "busy"));
        tee.done(new SyncResult(new SyncId(1), Status.PARTIAL, new Counts(0, 3, 0, 0), List.of(), Duration.ZERO));
        board.queueDepth(() -> 2);

        String text = get("/metrics", Optional.of(testSubject.token())).body();

        assertThat(text).contains("# TYPE backsync_syncs_total counter");
        assertThat(text).contains("backsync_syncs_total{status=\"PARTIAL\"} 1.0");
        assertThat(text).contains("backsync_errors_total{status=\"BUSY\"} 1.0");
        assertThat(text).contains("backsync_messages_total{direction=\"down\"} 3.0");
        assertThat(text).contains("backsync_bytes_total{direction=\"down\"} 4096.0");
        assertThat(text).contains("backsync_queue_depth 2.0");
        assertThat(text).contains("backsync_push_healthy{account=\"alice\"} 1.0");
    }

    @Test
    void eventsStreamSendsTheStateAgainWhenTheBoardChanges() throws Exception {
        var req = HttpRequest.newBuilder(uri("/events"))
                .header(AccessToken.HEADER, testSubject.token())
                .GET()
                .build();
        var res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (var lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            assertThat(nextData(lines)).contains("\"accounts\":[]");

            board.addAccount(ALICE);

            assertThat(nextData(lines)).contains("\"account\":\"alice\"");
        }
    }

    @Test
    void aClosedPageEndsItsEventStream() throws Exception {
        var req = HttpRequest.newBuilder(uri("/events"))
                .header(AccessToken.HEADER, testSubject.token())
                .GET()
                .build();
        var res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        var lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
        assertThat(nextData(lines)).startsWith("data:");
        assertThat(board.subscriberCount()).isEqualTo(1);

        lines.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> board.subscriberCount() == 0);
    }

    private static String nextData(BufferedReader lines) throws Exception {
        for (int i = 0; i < 20; i++) {
            String line = lines.readLine();
            if (line != null && line.startsWith("data:")) {
                return line;
            }
        }
        throw new AssertionError("no data line in 20 lines");
    }

    private URI uri(String path) {
        return URI.create(testSubject.baseUrl() + path);
    }

    private HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        var b = HttpRequest.newBuilder(uri(path)).GET();
        token.ifPresent(t -> b.header(AccessToken.HEADER, t));
        return send(b);
    }

    private HttpResponse<String> post(String path, Optional<String> token) throws Exception {
        var b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        token.ifPresent(t -> b.header(AccessToken.HEADER, t));
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
