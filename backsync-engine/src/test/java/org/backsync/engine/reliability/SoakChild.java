package org.backsync.engine.reliability;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.BoardTotals;
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
import org.backsync.spi.Flags;
import org.backsync.spi.IntentKind;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.NewMessage;
import org.backsync.spi.OutboxRecord;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.BadMailCorpus;

/**
 * The engine {@link SoakReliabilityIT} runs for minutes to an hour: the real {@link Engine} (Send/Receive scheduler,
 * IDLE push on INBOX, Outbox over SMTP with Sent copies over IMAP) over a SQLite store, while this process acts as the
 * mail client: it changes the store (flags, moves, deletes, new messages) and submits Outbox messages at random. Every
 * change is printed once committed, so the parent can build the expected end state:
 *
 * <pre>
 * READY                                  the first sync is over
 * LNEW id folder flags sha256            a new local message (flags comma-separated, "-" for none)
 * LFLAG id flag 0|1                      a local flag set (1) or cleared (0)
 * LMOVE id folder | LDEL id              a local message moved or deleted
 * OUTBOX id sha256                       a message submitted to the Outbox
 * SAMPLE seconds heapAfterGc fds threads one resource sample
 * FINAL n status | ERROR status scope message
 * SYNCS status=n... | ERRORS status=n... | MOVED up=n down=n | PUSH state | DONE
 * </pre>
 *
 * <p>Local changes touch only messages the server side leaves alone, so that the end state is determined: flags
 * {@code \Seen} and {@code \Flagged} of any message outside the {@code Feed-*} folders (the server changes only
 * {@code \Answered} and {@code $Srv}), and moves and deletes only of messages made here. When the file {@code quiesce}
 * appears in the control directory, changes stop, the Outbox is drained, the scheduler paused, two last syncs run, and
 * the process exits.
 *
 * <p>Arguments: storeDir controlDir imapPort user password smtpPort smtpUser smtpPassword seed sampleMillis
 * changeMillis.
 */
public final class SoakChild {
    static final AccountId ACCOUNT = AccountId.of("soak");
    static final List<FolderPath> LOCAL_FOLDERS =
            List.of(FolderPath.INBOX, FolderPath.of("Work"), FolderPath.of("Lists/java"));
    static final List<String> LOCAL_FLAGS = List.of(Flags.SEEN, Flags.FLAGGED);
    private static final int MAX_LOCAL_MESSAGES = 30;

    private final SqliteMessageStore store;
    private final SplittableRandom random;
    private final String run;
    private int counter;

    private SoakChild(SqliteMessageStore store, SplittableRandom random, String run) {
        this.store = store;
        this.random = random;
        this.run = run;
    }

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        Path control = Path.of(args[1]);
        long seed = Long.parseLong(args[8]);
        Duration sampleEvery = Duration.ofMillis(Long.parseLong(args[9]));
        Duration changeEvery = Duration.ofMillis(Long.parseLong(args[10]));
        EngineConfig config = config(storeDir, Integer.parseInt(args[2]), args[3], Integer.parseInt(args[5]), args[6]);
        SecretSource secrets = new SecretSource(Map.of("IMAP_PW", args[4], "SMTP_PW", args[7]));
        long started = System.nanoTime();
        SqliteMessageStore store = SqliteMessageStore.open(storeDir);
        Thread sampler = Thread.ofPlatform().daemon().name("soak-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample(started);
                LockSupport.parkNanos(sampleEvery.toNanos());
            }
        });
        try (Engine engine = TestEngines.over(config, store, secrets)) {
            engine.startBackground();
            awaitFirstSync(engine);
            System.out.println("READY");
            SoakChild client = new SoakChild(store, new SplittableRandom(seed), Long.toHexString(seed));
            while (!Files.exists(control.resolve("quiesce"))) {
                client.change(engine);
                LockSupport.parkNanos((long) (changeEvery.toNanos() * (0.5 + client.random.nextDouble())));
            }
            quiesce(engine, store);
            sampler.interrupt();
            sample(started);
            report(engine);
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    static EngineConfig config(Path dataDir, int imapPort, String user, int smtpPort, String smtpUser) {
        ServerConfig imap = new ServerConfig(
                "127.0.0.1", imapPort, Security.NONE, user, new Secret.PasswordEnv("IMAP_PW"), Optional.empty());
        ServerConfig smtp = new ServerConfig(
                "127.0.0.1", smtpPort, Security.NONE, smtpUser, new Secret.PasswordEnv("SMTP_PW"), Optional.empty());
        AccountConfig account = new AccountConfig(
                ACCOUNT,
                "soak@localhost",
                imap,
                Optional.of(smtp),
                FolderFilter.ALL,
                FolderFilter.NONE,
                List.of(FolderPath.INBOX),
                false,
                2);
        return new EngineConfig(
                dataDir,
                Map.of(ACCOUNT, account),
                List.of(new SendReceiveGroup("all", List.of(ACCOUNT), SyncKind.DIRECTIONS, Duration.ofSeconds(3))),
                new EngineConfig.Limits(4, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                EngineConfig.Push.DEFAULT);
    }

    /** Heap used after a full GC, open file descriptors and live threads of this process. */
    static void sample(long started) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long fds = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount()
                : fdsInProc();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("SAMPLE " + seconds + " " + heap + " " + fds + " " + threads);
    }

    private static long fdsInProc() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void awaitFirstSync(Engine engine) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline
                && engine.board().snapshot().accounts().getFirst().lastResult().isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Stops the scheduler, drains the Outbox and runs two last syncs of everything, each printed as FINAL. */
    private static void quiesce(Engine engine, SqliteMessageStore store) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !outboxSettled(store)) {
            engine.flushOutbox(ACCOUNT);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        engine.scheduler().pause();
        while (System.nanoTime() < deadline
                && !engine.board().snapshot().accounts().getFirst().running().isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        for (int n = 1; n <= 2; n++) {
            SyncResult r = engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), new Printer())
                    .result()
                    .get(120, TimeUnit.SECONDS);
            System.out.println("FINAL " + n + " " + r.status());
        }
    }

    /** What the engine did over the run: syncs and error reports by status, messages moved, push state. */
    private static void report(Engine engine) {
        BoardTotals t = engine.board().totals();
        StringBuilder syncs = new StringBuilder("SYNCS");
        StringBuilder errors = new StringBuilder("ERRORS");
        for (Status s : Status.values()) {
            if (t.syncs(s) > 0) {
                syncs.append(' ').append(s).append('=').append(t.syncs(s));
            }
            if (t.errors(s) > 0) {
                errors.append(' ').append(s).append('=').append(t.errors(s));
            }
        }
        System.out.println(syncs);
        System.out.println(errors);
        System.out.println(
                "MOVED up=" + t.messages(BoardTotals.Direction.UP) + " down=" + t.messages(BoardTotals.Direction.DOWN));
        System.out.println(
                "PUSH " + engine.board().snapshot().accounts().getFirst().push().state());
    }

    static boolean outboxSettled(SqliteMessageStore store) throws Exception {
        for (OutboxRecord r : store.outbox(ACCOUNT)) {
            OutboxState s = r.entry().state();
            if (s == OutboxState.QUEUED || s == OutboxState.SENDING) {
                return false;
            }
        }
        // the Outbox's intents: SMTP sends, and Sent copies (APPENDs that name an Outbox message)
        return store.openIntents(ACCOUNT).stream()
                .noneMatch(i ->
                        i.kind() == IntentKind.SMTP_SEND || i.spec().outboxId().isPresent());
    }

    /** One random change as a mail client would make it. */
    private void change(Engine engine) throws Exception {
        Map<FolderPath, Long> ids = new HashMap<>();
        for (LocalFolder f : store.folders(ACCOUNT)) {
            if (f.isVisible() && LOCAL_FOLDERS.contains(f.path())) {
                ids.put(f.path(), f.id());
            }
        }
        if (ids.size() < LOCAL_FOLDERS.size()) {
            return; // the first sync has not brought every folder yet
        }
        List<LocalMessage> all = new ArrayList<>();
        for (long folderId : ids.values()) {
            for (LocalMessage m : store.messages(folderId)) {
                if (m.folderId() == folderId && !m.deleted() && m.messageId().isPresent()) {
                    all.add(m);
                }
            }
        }
        List<LocalMessage> ours = all.stream()
                .filter(m -> m.messageId().orElseThrow().startsWith("<soak-l-"))
                .toList();
        int op = random.nextInt(100);
        if (op < 6) {
            submit(engine);
        } else if (op < 26 && ours.size() < MAX_LOCAL_MESSAGES || all.isEmpty()) {
            insert(ids);
        } else if (op < 70) {
            flip(all.get(random.nextInt(all.size())));
        } else if (ours.isEmpty()) {
            insert(ids);
        } else if (op < 88) {
            move(ours.get(random.nextInt(ours.size())), ids);
        } else {
            delete(ours.get(random.nextInt(ours.size())));
        }
    }

    private byte[] newMessage(String kind) {
        String id = "<soak-" + kind + "-" + (++counter) + "-" + run + "@backsync.test>";
        StringBuilder b = new StringBuilder("From: soak@localhost\r\nTo: friend@example.org\r\nSubject: " + kind + " "
                + counter + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: " + id + "\r\n\r\n");
        int lines = 2 + random.nextInt(200);
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(" of ").append(id).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String messageId(byte[] m) {
        String text = new String(m, StandardCharsets.US_ASCII);
        int at = text.indexOf("Message-ID: ") + "Message-ID: ".length();
        return text.substring(at, text.indexOf("\r\n", at));
    }

    private void submit(Engine engine) {
        byte[] m = newMessage("o");
        engine.outbox().submit(ACCOUNT, RawMessage.of(m));
        System.out.println("OUTBOX " + messageId(m) + " " + BadMailCorpus.sha256(m));
    }

    private void insert(Map<FolderPath, Long> ids) throws Exception {
        byte[] m = newMessage("l");
        FolderPath folder = LOCAL_FOLDERS.get(random.nextInt(LOCAL_FOLDERS.size()));
        Flags flags = random.nextBoolean() ? Flags.of(Flags.SEEN) : Flags.NONE;
        store.write(tx -> tx.insertMessage(
                ids.get(folder), NewMessage.local(Optional.of(messageId(m)), Instant.now(), flags, RawMessage.of(m))));
        System.out.println("LNEW " + messageId(m) + " " + folder.value() + " "
                + (flags.isEmpty() ? "-" : String.join(",", flags.values())) + " " + BadMailCorpus.sha256(m));
    }

    /** Flips one local flag, reading the current flags inside the transaction (the engine writes them too). */
    private void flip(LocalMessage m) throws Exception {
        String flag = LOCAL_FLAGS.get(random.nextInt(LOCAL_FLAGS.size()));
        Optional<Boolean> set = store.write(tx -> {
            Optional<LocalMessage> now = tx.message(m.localId());
            if (now.isEmpty() || now.get().deleted() || now.get().folderId() != m.folderId()) {
                return Optional.empty(); // gone meanwhile (an expunge on the server)
            }
            Flags f = now.get().flags();
            boolean on = !f.contains(flag);
            tx.setFlags(m.localId(), on ? f.with(flag) : f.without(flag));
            return Optional.of(on);
        });
        set.ifPresent(
                on -> System.out.println("LFLAG " + m.messageId().orElseThrow() + " " + flag + " " + (on ? 1 : 0)));
    }

    private void move(LocalMessage m, Map<FolderPath, Long> ids) throws Exception {
        FolderPath to = LOCAL_FOLDERS.get(random.nextInt(LOCAL_FOLDERS.size()));
        if (ids.get(to) == m.folderId()) {
            return;
        }
        store.write(tx -> {
            tx.moveLocal(m.localId(), ids.get(to));
            return null;
        });
        System.out.println("LMOVE " + m.messageId().orElseThrow() + " " + to.value());
    }

    private void delete(LocalMessage m) throws Exception {
        store.write(tx -> {
            tx.markDeleted(m.localId());
            return null;
        });
        System.out.println("LDEL " + m.messageId().orElseThrow());
    }

    private static final class Printer implements SyncListener {
        @Override
        public void error(SyncError e) {
            System.out.println(
                    "ERROR " + e.status() + " " + e.scope() + " " + e.message().replace('\n', ' '));
        }
    }
}
