package org.backsync.engine.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.backsync.AccountId;
import org.backsync.RawMessage;
import org.backsync.SyncKind;
import org.backsync.engine.Engine;
import org.backsync.engine.TestEngines;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.SendReceiveGroup;
import org.backsync.engine.config.ServerConfig;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * The process {@link OutboxKillReliabilityIT} kills while it sends: the real {@link Engine} over a SQLite store, its
 * Outbox sending over SMTP and appending Sent copies to the IMAP server's Sent folder. It submits a batch (unless the
 * batch number is negative), then sends until nothing is queued or sending and no Outbox intent is open; what a killed
 * predecessor left is recovered first, by the Outbox's own journal.
 *
 * <pre>
 * args: storeDir imapPort user password smtpPort smtpPassword batch batchSize
 * out:  START                    (the store is open, the engine built)
 *       SUBMITTED messageId      (one per submission, once it returned)
 *       DONE | TIMEOUT
 * </pre>
 */
public final class OutboxReliabilityChild {
    static final AccountId ACCOUNT = AccountId.of("send");

    private OutboxReliabilityChild() {}

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        int batch = Integer.parseInt(args[6]);
        int batchSize = Integer.parseInt(args[7]);
        ServerConfig imap = new ServerConfig(
                "127.0.0.1",
                Integer.parseInt(args[1]),
                Security.NONE,
                args[2],
                new Secret.PasswordEnv("IMAP_PW"),
                Optional.empty());
        ServerConfig smtp = new ServerConfig(
                "127.0.0.1",
                Integer.parseInt(args[4]),
                Security.NONE,
                "send",
                new Secret.PasswordEnv("SMTP_PW"),
                Optional.empty());
        AccountConfig account = new AccountConfig(
                ACCOUNT,
                "send@localhost",
                imap,
                Optional.of(smtp),
                FolderFilter.ALL,
                FolderFilter.NONE,
                List.of(),
                false,
                2);
        EngineConfig config = new EngineConfig(
                storeDir,
                Map.of(ACCOUNT, account),
                List.of(new SendReceiveGroup("all", List.of(ACCOUNT), SyncKind.DIRECTIONS, Duration.ofHours(1))),
                EngineConfig.Limits.DEFAULT,
                EngineConfig.Push.DEFAULT);
        SecretSource secrets = new SecretSource(Map.of("IMAP_PW", args[3], "SMTP_PW", args[5]));
        boolean settled;
        try (Engine engine = TestEngines.over(config, SqliteMessageStore.open(storeDir), secrets)) {
            System.out.println("START");
            System.out.flush();
            for (int i = 0; batch >= 0 && i < batchSize; i++) {
                RawMessage m = message(batch, i);
                engine.outbox().submit(ACCOUNT, m);
                System.out.println("SUBMITTED " + messageId(batch, i));
                System.out.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            SqliteStoreView view = new SqliteStoreView(engine);
            while (!(settled = view.settled()) && System.nanoTime() < deadline) {
                engine.flushOutbox(ACCOUNT); // a pass ignoring backoff; one already running absorbs it
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        System.out.println(settled ? "DONE" : "TIMEOUT");
        System.out.flush();
        System.exit(0);
    }

    static String messageId(int batch, int i) {
        return "<send-" + batch + "-" + i + "@backsync.test>";
    }

    static RawMessage message(int batch, int i) {
        StringBuilder b = new StringBuilder("From: send@localhost\r\nTo: friend@example.org\r\n"
                + "Bcc: hidden@example.org\r\nSubject: batch " + batch + " message " + i + "\r\nMessage-ID: "
                + messageId(batch, i) + "\r\n\r\n");
        for (int line = 0; line < 40 + 40 * i; line++) {
            b.append("line ")
                    .append(line)
                    .append(" of ")
                    .append(messageId(batch, i))
                    .append("\r\n");
        }
        return RawMessage.of(b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the Outbox through the engine's store reader. */
    private record SqliteStoreView(Engine engine) {
        boolean settled() throws Exception {
            for (var r : engine.store().outbox(ACCOUNT)) {
                switch (r.entry().state()) {
                    case QUEUED, SENDING -> {
                        return false;
                    }
                    case SENT, FAILED, HELD -> {}
                }
            }
            return engine.store().openIntents(ACCOUNT).stream()
                    .noneMatch(i -> i.kind() == org.backsync.spi.IntentKind.SMTP_SEND
                            || i.spec().outboxId().isPresent());
        }
    }
}
