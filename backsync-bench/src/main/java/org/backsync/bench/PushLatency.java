package org.backsync.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.SyncKind;
import org.backsync.engine.Backsync;
import org.backsync.engine.Engine;
import org.backsync.engine.ImapConnector;
import org.backsync.engine.StatusSnapshot;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.SendReceiveGroup;
import org.backsync.engine.config.ServerConfig;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * New-mail latency with IDLE, measured on the whole running engine ({@link Engine}: scheduler, push supervisor, IDLE
 * connection on INBOX, the sync it triggers): a second IMAP client APPENDs one message to INBOX, and the clock runs
 * from just before that APPEND until the message is in the engine's store (polled every 2 ms). Only INBOX is mirrored,
 * so the first scheduled sync is short. Each run is bounded by {@link #RUN_LIMIT}; a run that times out counts as
 * such and is not part of the median. The appended messages are expunged at the end, so the harness's verification
 * of the other scenarios' mirror (exported before this one runs) compares against the server it synced.
 */
final class PushLatency {
    static final Duration RUN_LIMIT = Duration.ofSeconds(10);
    private static final AccountId ACCOUNT = AccountId.of("push");

    private PushLatency() {}

    /** Seconds per run, in order; a run that did not see the message within the limit is {@code -1}. */
    static List<Double> measure(Path dir, BenchEngine.Target target, int runs) throws Exception {
        try (Engine engine = Backsync.newEngine(
                        config(dir, target),
                        new SecretSource(Map.of("PW", target.password())),
                        ImapConnector.INSTANCE);
                MailProvider other =
                        ImapProvider.open(ImapSettings.loopback(target.port(), target.user(), target.password()))) {
            engine.startBackground();
            waitUntil(() -> pushActiveAndSynced(engine), Duration.ofSeconds(120));
            List<Double> seconds = new java.util.ArrayList<>();
            Set<Uid> appended = new HashSet<>(); // expunged again at the end: the server is left as it was found
            for (int r = 1; r <= runs; r++) {
                long before = inboxCount(engine);
                byte[] mail = ("From: bench@localhost\r\nTo: bench@localhost\r\nSubject: push " + r
                                + "\r\nMessage-ID: <push-" + r + "-" + System.nanoTime() + "@bench>\r\n\r\nhello\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                long t0 = System.nanoTime();
                other.append(FolderPath.INBOX, RawMessage.of(mail), Flags.NONE, Instant.now())
                        .ifPresent(appended::add);
                boolean seen = waitUntil(() -> inboxCount(engine) > before, RUN_LIMIT);
                double s = seen ? (System.nanoTime() - t0) / 1e9 : -1;
                seconds.add(s);
                EngineBench.log(() -> String.format(java.util.Locale.ROOT, "IDLE new-mail latency run: %.3f s", s));
                waitUntil(
                        () -> engine.board()
                                .snapshot()
                                .accounts()
                                .getFirst()
                                .running()
                                .isEmpty(),
                        RUN_LIMIT);
            }
            if (!appended.isEmpty()) {
                other.delete(FolderPath.INBOX, appended);
            }
            return seconds;
        }
    }

    private static EngineConfig config(Path dir, BenchEngine.Target target) {
        ServerConfig imap = new ServerConfig(
                target.host(),
                target.port(),
                Security.NONE,
                target.user(),
                new Secret.PasswordEnv("PW"),
                Optional.empty());
        AccountConfig account = new AccountConfig(
                ACCOUNT,
                "push@localhost",
                imap,
                Optional.empty(),
                new FolderFilter(List.of("INBOX"), List.of()),
                FolderFilter.NONE,
                List.of(FolderPath.INBOX),
                false,
                2);
        return new EngineConfig(
                dir,
                Map.of(ACCOUNT, account),
                List.of(new SendReceiveGroup("all", List.of(ACCOUNT), SyncKind.DIRECTIONS, Duration.ofHours(1))),
                EngineConfig.Limits.DEFAULT,
                EngineConfig.Push.DEFAULT);
    }

    private static boolean pushActiveAndSynced(Engine engine) {
        List<StatusSnapshot.AccountStatus> accounts = engine.board().snapshot().accounts();
        if (accounts.isEmpty()) {
            return false;
        }
        StatusSnapshot.AccountStatus a = accounts.getFirst();
        return a.push().state() == StatusSnapshot.PushState.ACTIVE
                && a.lastResult().isPresent()
                && a.running().isEmpty();
    }

    private static long inboxCount(Engine engine) throws SyncException {
        Optional<LocalFolder> inbox = engine.store().folder(ACCOUNT, FolderPath.INBOX);
        return inbox.isEmpty() ? -1 : engine.store().countOnServer(inbox.get().id());
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 2 ms until it holds or {@code limit} passes; returns whether it held. */
    private static boolean waitUntil(Check check, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(2);
        }
        return check.holds();
    }
}
