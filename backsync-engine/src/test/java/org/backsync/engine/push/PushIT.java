package org.backsync.engine.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.engine.config.EngineConfig;
import org.backsync.imap.ImapPushChannel;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.Flags;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultPlan;
import org.backsync.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push (RFC 2177 IDLE) against a real Dovecot, through a fault proxy that cuts or silences the connection. */
class PushIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final AccountId WORK = AccountId.of("work");
    private static final EngineConfig.Push FAST_WATCHDOG =
            new EngineConfig.Push(Duration.ofMinutes(25), Duration.ofSeconds(4), 3);

    private final List<PushState> health = new CopyOnWriteArrayList<>();
    private final List<Long> changes = new CopyOnWriteArrayList<>();
    private FaultProxy proxy;
    private Thread thread;
    private FolderWatch watch;

    private void start(EngineConfig.Push settings) {
        ImapSettings imap = ImapSettings.loopback(proxy.port(), dovecot.user(), dovecot.password());
        PushEvents events = new PushEvents() {
            @Override
            public void changed(AccountId account, FolderPath folder) {
                changes.add(System.nanoTime());
            }

            @Override
            public void health(AccountId account, PushHealth h) {
                health.add(h.state());
            }
        };
        watch = new FolderWatch(
                WORK,
                FolderPath.INBOX,
                new FolderWatch.Setup(
                        (a, f) -> ImapPushChannel.open(imap, f),
                        settings,
                        events,
                        Sleeper.REAL,
                        InstantSource.system()));
        thread = Thread.ofVirtual().start(watch);
        await().atMost(Duration.ofSeconds(10)).until(() -> health.contains(PushState.ACTIVE));
    }

    @AfterEach
    void stop() throws Exception {
        if (watch != null) {
            watch.stop();
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        }
        proxy.close();
    }

    @Test
    void newMailDeliveredToDovecotIsSignalledWithinTwoSeconds() {
        proxy = FaultProxy.to(dovecot.port());
        start(EngineConfig.Push.DEFAULT);
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);

        long delivered = System.nanoTime();
        dovecot.save(FolderPath.INBOX, mail("push-1"), Flags.NONE);

        await().atMost(Duration.ofSeconds(2)).until(() -> !changes.isEmpty());
        assertThat(Duration.ofNanos(changes.getFirst() - delivered)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aCutConnectionIsReplacedAndTheFolderSyncedForWhatWasMissed() {
        proxy = FaultProxy.to(dovecot.port());
        start(FAST_WATCHDOG);

        proxy.cutAll();

        await().atMost(Duration.ofSeconds(6)).until(() -> proxy.connectionCount() >= 2 && health.size() >= 3);
        assertThat(health).startsWith(PushState.ACTIVE, PushState.RECONNECTING, PushState.ACTIVE);
        assertThat(changes).as("one catch-up sync after the reconnect").hasSize(1);
    }

    @Test
    void aSilentConnectionIsNoticedByTheWatchdogAndReplacedWithinItsPeriod() {
        proxy = FaultProxy.to(dovecot.port());
        proxy.plan(1, FaultPlan.stall(FaultPlan.Direction.SERVER_TO_CLIENT, 0).afterClientLine("(?i)^\\S+ IDLE"));
        start(FAST_WATCHDOG);
        long active = System.nanoTime();

        await().atMost(Duration.ofSeconds(10)).until(() -> health.contains(PushState.RECONNECTING));
        long noticed = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> health.size() >= 3 && health.get(2) == PushState.ACTIVE);

        assertThat(Duration.ofNanos(noticed - active))
                .isLessThanOrEqualTo(FAST_WATCHDOG.watchdog().plusMillis(500));
        assertThat(proxy.connectionCount()).isEqualTo(2);
    }

    private static byte[] mail(String id) {
        return ("From: a@example.com\r\nTo: backsync@localhost\r\nSubject: " + id + "\r\nMessage-ID: <" + id
                        + "@x>\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
