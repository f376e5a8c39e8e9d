package org.backsync.engine.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.core.outbox.Backoff;
import org.backsync.core.outbox.LocalOutbox;
import org.backsync.core.outbox.OutboxSender;
import org.backsync.core.outbox.OutboxSetup;
import org.backsync.core.outbox.OutboxTimer;
import org.backsync.core.outbox.ServerLimits;
import org.backsync.smtp.SmtpSettings;
import org.backsync.smtp.SmtpTransport;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7: a message submitted while the server is unreachable goes out by itself once it is back. */
class OutboxOfflineIT {
    static final AccountId ACCOUNT = AccountId.of("offline@example.org");

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aMessageSubmittedOfflineIsSentWhenTheServerComesBackWithoutUserAction() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // nothing listens here until the server "comes back"
        }
        SmtpSettings smtp = SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.NONE, Optional.empty())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        OutboxSetup setup = new OutboxSetup(
                new InMemoryMessageStore(),
                account -> new SmtpTransport(smtp),
                account -> new FileSentFolder(dir.resolve("sent")),
                account -> Optional.of(new ServerLimits(OptionalLong.empty(), true)),
                InstantSource.system(),
                scheduler,
                OutboxTimer.on(scheduler, InstantSource.system()),
                RandomGenerator.getDefault(),
                new Backoff(Duration.ofMillis(300), Duration.ofSeconds(2), 0.2, 8),
                entry -> {});
        LocalOutbox outbox = new LocalOutbox(setup, new OutboxSender(setup));
        try {
            OutboxId id = outbox.submit(
                    ACCOUNT,
                    RawMessage.of(("From: offline@example.org\r\nTo: you@example.org\r\n"
                                    + "Message-ID: <offline-1@example.org>\r\n\r\nwritten on a plane\r\n")
                            .getBytes(StandardCharsets.US_ASCII)));

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            outbox.entry(id).attempts() >= 1 && outbox.entry(id).state() == OutboxState.QUEUED);
            assertThat(outbox.entry(id).nextAttempt()).isPresent();
            assertThat(outbox.entry(id).reason())
                    .hasValueSatisfying(r -> assertThat(r).contains("127.0.0.1"));

            try (ScriptedSmtpServer server = ScriptedSmtpServer.start(port)) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> outbox.entry(id).state() == OutboxState.SENT);

                assertThat(server.accepted())
                        .singleElement()
                        .satisfies(r -> assertThat(r.text()).contains("<offline-1@example.org>"));
            }
        } finally {
            scheduler.shutdownNow();
        }
    }
}
