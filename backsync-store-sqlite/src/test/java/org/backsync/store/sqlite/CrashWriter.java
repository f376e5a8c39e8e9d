package org.backsync.store.sqlite;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.NewMessage;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The child process of {@link SqliteStoreCrashIT}: starts (loading the JVM and SQLite while the parent still checks
 * the previous trial), reads the first batch number from stdin, then writes numbered batches into the store until it is
 * killed, printing {@code ready} once the store is open and each batch number right after its commit returned.
 *
 * <p>Batch {@code b} inserts {@link #PER_BATCH} messages whose Message-ID is {@code <b.i@crash>} and whose bytes
 * {@link #content} derives from {@code (b, i)}, and opens one APPEND intent with Message-ID {@code <batch-b>}. A batch
 * with {@code b % 5 == 0} also removes every message of batch {@code b - 1}, so that packs get dead bytes and the
 * next open compacts them (and may be killed while doing so).
 */
final class CrashWriter {
    static final AccountId ACCOUNT = AccountId.of("crash");
    static final int PER_BATCH = 5;
    static final long PACK_LIMIT = 512 * 1024;
    /** A child whose parent died stops by itself (and when its stdout is gone). */
    private static final Duration LIFETIME = Duration.ofSeconds(60);

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SQLiteJDBCLoader.initialize();
        warmUp();
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        if (go == null) {
            return;
        }
        int batch = Integer.parseInt(go.strip());
        try (SqliteMessageStore store = SqliteMessageStore.open(dir, PACK_LIMIT)) {
            long folder = inbox(store);
            System.out.println("ready");
            System.out.flush();
            long stopAt = System.nanoTime() + LIFETIME.toNanos();
            for (; System.nanoTime() < stopAt && !System.out.checkError(); batch++) {
                int b = batch;
                store.write(tx -> writeBatch(tx, folder, b));
                System.out.println(b);
                System.out.flush();
            }
        }
    }

    /** Loads and links every class a batch needs on a scratch store, before the parent says go. */
    private static void warmUp() throws Exception {
        Path scratch = Files.createTempDirectory("crash-warmup-");
        try (SqliteMessageStore store = SqliteMessageStore.open(scratch, PACK_LIMIT)) {
            long folder = inbox(store);
            store.write(tx -> writeBatch(tx, folder, 5));
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long inbox(MessageStore store) throws SyncException {
        return store.write(tx -> {
            Optional<LocalFolder> existing = tx.folder(ACCOUNT, FolderPath.INBOX);
            return existing.isPresent()
                    ? existing.get().id()
                    : tx.addFolder(ACCOUNT, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE)
                            .id();
        });
    }

    private static Void writeBatch(StoreTransaction tx, long folder, int b) throws SyncException {
        if (b % 5 == 0) {
            for (LocalMessage m : tx.messages(folder)) {
                if (m.messageId().orElseThrow().startsWith("<" + (b - 1) + ".")) {
                    tx.removeMessage(m.localId());
                }
            }
        }
        for (int i = 0; i < PER_BATCH; i++) {
            byte[] bytes = content(b, i);
            tx.insertMessage(
                    folder,
                    NewMessage.local(
                            Optional.of(messageId(b, i)), Instant.EPOCH, Flags.of(Flags.SEEN), RawMessage.of(bytes)));
        }
        tx.openIntent(
                IntentSpec.of(ACCOUNT, IntentKind.APPEND)
                        .withIdentity(Optional.of("<batch-" + b + ">"), Optional.empty()),
                Instant.EPOCH);
        return null;
    }

    static String messageId(int batch, int index) {
        return "<" + batch + "." + index + "@crash>";
    }

    /** The exact bytes of message {@code index} of {@code batch}: a header and 1 KB to 120 KB of seeded noise. */
    static byte[] content(int batch, int index) {
        Random random = new Random(batch * 1000L + index);
        int size = index == 0 ? 120_000 : 1_000 + random.nextInt(20_000);
        byte[] header = ("Message-ID: " + messageId(batch, index) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[header.length + size];
        System.arraycopy(header, 0, bytes, 0, header.length);
        byte[] noise = new byte[size];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, bytes, header.length, size);
        return bytes;
    }
}
