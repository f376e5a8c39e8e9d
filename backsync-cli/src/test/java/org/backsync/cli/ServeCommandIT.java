package org.backsync.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backsync serve} as the real process a user starts: it syncs in the background, serves the Send/Receive page
 * on loopback behind its token, and stops cleanly on SIGTERM (what Ctrl-C and service managers send), leaving a store
 * the next start can open.
 */
class ServeCommandIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final Pattern URL =
            Pattern.compile("Send/Receive page: (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=(\\w+)");

    @TempDir
    Path dir;

    @Test
    void serveSyncsInTheBackgroundServesThePageBehindItsTokenAndStopsCleanlyOnSigterm() throws Exception {
        dovecot.save(
                FolderPath.INBOX,
                "From: a@example.org\nSubject: served\nMessage-ID: <served@example.org>\n\nhello\n".getBytes(US_ASCII),
                Flags.NONE);
        Path config = dir.resolve("config.toml");
        Files.writeString(
                config, """
                data_dir = "%s"

                [accounts.work.imap]
                host = "127.0.0.1"
                port = %d
                security = "none"
                user = "%s"
                password_command = "printf %s"
                """.formatted(dir.resolve("data"), dovecot.port(), dovecot.user(), dovecot.password()));
        Path log = dir.resolve("serve.log");

        try (ChildJvm serve =
                ChildJvm.start(Main.class, List.of(), List.of("serve", "--config", config.toString()), log)) {
            Matcher url = await().atMost(Duration.ofSeconds(30))
                    .until(() -> URL.matcher(Files.readString(log)), Matcher::find);
            String base = url.group(1);
            int port = Integer.parseInt(url.group(2));
            String token = url.group(3);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

            HttpResponse<String> page = get(http, base + "?token=" + token, null);
            HttpResponse<String> noToken = get(http, base, null);
            HttpResponse<String> wrongToken = get(http, base + "metrics", "0".repeat(32));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("<html");
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(wrongToken.statusCode()).isEqualTo(403);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> get(http, base + "metrics", token).body(),
                            m -> m.lines()
                                    .anyMatch(l -> l.startsWith("backsync_syncs_total{")
                                            && l.contains("status=\"OK\"")
                                            && !l.endsWith(" 0.0")));

            ProcessHandle.of(serve.pid()).orElseThrow().destroy(); // SIGTERM

            assertThat(serve.waitFor(Duration.ofSeconds(20)))
                    .as("serve stops within 20 s of SIGTERM")
                    .isTrue();
            assertThat(accepts(port)).as("the page's port is closed").isFalse();
            assertThat(Files.readString(log))
                    .contains("Ctrl-C to stop")
                    .doesNotContain("Exception")
                    .doesNotContain("ERROR");
        }
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("data"))) {
            LocalFolder inbox =
                    store.folder(AccountId.of("work"), FolderPath.INBOX).orElseThrow();
            assertThat(store.messages(inbox.id())).hasSize(1);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("X-Backsync-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
