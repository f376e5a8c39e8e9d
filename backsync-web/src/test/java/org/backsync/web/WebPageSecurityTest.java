package org.backsync.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.engine.StatusBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 10's web checks, from an attacker's side: the page binds to loopback only, and nothing but the exact token
 * opens it, whatever the method, path spelling or token variant. Requests are written by hand on a raw socket, so no
 * HTTP client normalizes them first.
 */
class WebPageSecurityTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final RecordingWebActions actions = new RecordingWebActions();
    private final SendReceivePage page;
    private final Level rootLevel = root.getLevel();

    WebPageSecurityTest() {
        root.setLevel(Level.ALL); // every level is checked for the token, not only what the default config prints
        logs.start();
        root.addAppender(logs);
        page = SendReceivePage.start(new StatusBoard(), actions, WebConfig.LOOPBACK);
    }

    @AfterEach
    void stop() {
        page.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    /** Sends one raw HTTP/1.1 request and returns the response: status line, headers and Content-Length body. */
    private String raw(String requestLineAndHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", page.port())) {
            s.setSoTimeout(5_000);
            String req = requestLineAndHeaders + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n") && head.length() < 64 * 1024) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            Matcher m = CONTENT_LENGTH.matcher(head);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            boolean isHead = requestLineAndHeaders.startsWith("HEAD ");
            return head + new String(in.readNBytes(isHead ? 0 : length), US_ASCII);
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void theListeningSocketIsBoundToLoopbackOnly() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        String port = String.format(Locale.ROOT, "%04X", page.port());

        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (Files.isReadable(Path.of(table))) {
                addresses.addAll(listeners(Path.of(table), port));
            }
        }

        assertThat(addresses)
                .as("addresses listening on the page's port (hex, as /proc/net shows them)")
                .isNotEmpty()
                .allMatch(LOOPBACK::contains);
    }

    /** 127.0.0.1, ::ffff:127.0.0.1 and ::1 as /proc/net/tcp and tcp6 write them. */
    private static final List<String> LOOPBACK =
            List.of("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");

    private static List<String> listeners(Path table, String port) throws IOException {
        return Files.readAllLines(table).stream()
                .map(String::trim)
                .map(l -> l.split("\\s+"))
                .filter(f -> f.length > 3 && f[1].endsWith(":" + port) && f[3].equals("0A"))
                .map(f -> f[1].substring(0, f[1].indexOf(':')))
                .toList();
    }

    @Test
    void oddMethodsAndPathSpellingsWithoutTheTokenAreRefused() throws IOException {
        List<String> requests = List.of(
                "GET //api/state HTTP/1.1",
                "GET /api/state/ HTTP/1.1",
                "GET /API/STATE HTTP/1.1",
                "GET /%2e%2e/api/state HTTP/1.1",
                "GET /./api/state HTTP/1.1",
                "GET /index.html;token=x HTTP/1.1",
                "GET http://127.0.0.1/api/state HTTP/1.1",
                "HEAD /api/state HTTP/1.1",
                "OPTIONS /api/state HTTP/1.1",
                "PUT /api/pause HTTP/1.1",
                "DELETE /api/cancel-all HTTP/1.1",
                "POST /api/cancel-all HTTP/1.1\r\nContent-Length: 0");

        for (String request : requests) {
            String response = raw(request);

            assertThat(status(response)).as(request).isIn(400, 401, 403, 404, 405);
            assertThat(response).as(request).doesNotContain(page.token()).doesNotContain("\"accounts\"");
        }
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void nearMissesOfTheTokenAreRefused() throws IOException {
        String t = page.token();
        List<String> variants = List.of(
                t.toUpperCase(Locale.ROOT), t.substring(0, 31), t + "0", "", t.substring(1) + t.charAt(0), "%20" + t);

        for (String v : variants) {
            assertThat(status(raw("GET /api/state?token=" + v + " HTTP/1.1")))
                    .as("token variant '%s'", v)
                    .isIn(401, 403);
            assertThat(status(raw("GET /api/state HTTP/1.1\r\nX-Backsync-Token: " + v)))
                    .as("header variant '%s'", v)
                    .isIn(400, 401, 403);
        }
        assertThat(status(raw("GET /api/state?token=" + t + " HTTP/1.1"))).isEqualTo(200);
    }

    @Test
    void anActionWithTheTokenOnlyInTheQueryOrCookieTriggersNothing() throws IOException {
        String t = page.token();

        String byQuery = raw("POST /api/cancel-all?token=" + t + " HTTP/1.1\r\nContent-Length: 0");
        String byCookie = raw("POST /api/cancel-all HTTP/1.1\r\nContent-Length: 0\r\nCookie: backsync_token=" + t);

        assertThat(status(byQuery)).isEqualTo(401);
        assertThat(status(byCookie)).isEqualTo(401);
        assertThat(actions.calls).isEmpty();
    }

    @Test
    void theTokenIsLoggedOnlyInTheStartLine() throws IOException {
        String t = page.token();

        raw("GET /api/state?token=" + t + " HTTP/1.1");
        raw("GET /api/state?token=" + "f".repeat(32) + " HTTP/1.1");
        raw("POST /api/pause HTTP/1.1\r\nContent-Length: 0\r\nX-Backsync-Token: " + t);

        assertThat(logs.list)
                .filteredOn(e -> e.getFormattedMessage().contains(t))
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("Send/Receive page: http://127.0.0.1:"));
    }
}
