package org.backsync.engine.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.backsync.AccountId;
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
import org.backsync.spi.OutboxRecord;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * The process {@link OutboxKillIT} kills: opens the store (left by the previous, killed, child), submits a new batch
 * (unless the batch number is negative), prints READY, then sends: recovery of what the previous child left first,
 * then the queue. Prints DONE once nothing is QUEUED or SENDING and exits. Arguments: directory, SMTP port, batch.
 */
public final class OutboxKillChild {
    static final AccountId ACCOUNT = AccountId.of("kill@example.org");

    private OutboxKillChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store"))) {
            OutboxSetup setup = setup(store, dir, port, scheduler);
            if (batch >= 0) {
                OutboxSetup submitOnly = new OutboxSetup(
                        setup.store(),
                        setup.transports(),
                        setup.sentFolders(),
                        setup.limits(),
                        setup.clock(),
                        task -> {},
                        setup.timer(),
                        setup.random(),
                        setup.backoff(),
                        setup.listener());
                LocalOutbox outbox = new LocalOutbox(submitOnly, new OutboxSender(submitOnly));
                for (int i = 0; i < BATCH; i++) {
                    outbox.submit(ACCOUNT, message(batch, i));
                }
            }
            OutboxSender sender = new OutboxSender(setup);
            System.out.println("READY");
            System.out.flush();
            sender.trigger(ACCOUNT, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !settled(store)) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            System.out.println(settled(store) ? "DONE" : "TIMEOUT");
        } finally {
            scheduler.shutdownNow();
        }
    }

    static final int BATCH = 6;

    static RawMessage message(int batch, int i) {
        String text = "From: kill@example.org\r\nTo: you@example.org\r\nBcc: hidden@example.org\r\n" + "Message-ID: <k"
                + batch + "-" + i + "@example.org>\r\nSubject: " + i + "\r\n\r\nbody\r\n";
        return RawMessage.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    static OutboxSetup setup(SqliteMessageStore store, Path dir, int port, ScheduledExecutorService scheduler) {
        SmtpSettings smtp = SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.NONE, Optional.empty())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        FileSentFolder sent = new FileSentFolder(dir.resolve("sent"));
        return new OutboxSetup(
                store,
                account -> new SmtpTransport(smtp),
                account -> sent,
                account -> Optional.of(new ServerLimits(OptionalLong.of(10L << 20), true)),
                InstantSource.system(),
                scheduler,
                OutboxTimer.on(scheduler, InstantSource.system()),
                RandomGenerator.getDefault(),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2, 8),
                entry -> {});
    }

    static boolean settled(SqliteMessageStore store) throws Exception {
        for (OutboxRecord r : store.outbox(ACCOUNT)) {
            OutboxState s = r.entry().state();
            if (s == OutboxState.QUEUED || s == OutboxState.SENDING) {
                return false;
            }
        }
        return store.openIntents(ACCOUNT).isEmpty();
    }
}
