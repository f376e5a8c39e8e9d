package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.SyncException;
import org.backsync.testing.DovecotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 acceptance: with push, new mail delivered to Dovecot is in the local store within 2 seconds. */
class EnginePushIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final AccountId WORK = AccountId.of("work");

    @TempDir
    Path data;

    @Test
    void newMailDeliveredToDovecotAppearsInTheStoreWithinTwoSeconds() throws Exception {
        EngineConfig config =
                TestConfigs.loopback(data, WORK, dovecot.port(), dovecot.user(), List.of(FolderPath.INBOX));

        try (Engine engine = Backsync.newEngine(
                config, new SecretSource(Map.of("PW", dovecot.password())), ImapConnector.INSTANCE)) {
            engine.startBackground();
            await().atMost(Duration.ofSeconds(20)).until(() -> isIdle(engine) && inboxCount(engine) >= 0);
            long before = inboxCount(engine);

            long delivered = System.nanoTime();
            dovecot.save(FolderPath.INBOX, mail(), Flags.NONE);
            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> inboxCount(engine) == before + 1);

            assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isLessThan(Duration.ofSeconds(2));
        }
    }

    /** Push is active and the first scheduled sync has finished. */
    private static boolean isIdle(Engine engine) {
        StatusSnapshot.AccountStatus a = engine.board().snapshot().accounts().getFirst();
        return a.push().state() == PushState.ACTIVE
                && a.lastResult().isPresent()
                && a.running().isEmpty();
    }

    private static long inboxCount(Engine engine) throws SyncException {
        Optional<LocalFolder> inbox = engine.store().folder(WORK, FolderPath.INBOX);
        return inbox.isEmpty() ? -1 : engine.store().messages(inbox.get().id()).size();
    }

    private static byte[] mail() {
        return "From: a@example.com\r\nTo: backsync@localhost\r\nSubject: pushed\r\nMessage-ID: <pushed@x>\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII);
    }
}
