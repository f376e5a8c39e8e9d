package org.backsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.engine.ConnectionPool;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.NewMessage;
import org.backsync.spi.SyncException;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * The engine under test: a {@link SyncEngine} over a {@link SqliteMessageStore} in its own directory, with IMAP
 * connections to a {@link Target} that can be changed between syncs (the benchmark moves from the server to the
 * counting relay after the initial sync). Also makes the local changes the upload scenarios push.
 */
final class BenchEngine implements AutoCloseable {
    /** Where the IMAP connections go. */
    record Target(String host, int port, String user, String password) {}

    private final Path dir;
    private final AccountId account;
    private final SqliteMessageStore store;
    private final SyncEngine engine;
    private final AtomicReference<MailProvider.Factory> providers;
    private final ConnectionPool pool;

    private BenchEngine(
            Path dir,
            AccountId account,
            SqliteMessageStore store,
            SyncEngine engine,
            AtomicReference<MailProvider.Factory> providers,
            ConnectionPool pool) {
        this.dir = dir;
        this.pool = pool;
        this.account = account;
        this.store = store;
        this.engine = engine;
        this.providers = providers;
    }

    /**
     * Opens an engine over a new, empty store in {@code dir}: whatever an earlier benchmark left there is deleted first
     * (the last initial run's store stays on disk, so a later JVM with more runs would otherwise reopen it and its
     * "initial" sync would download nothing).
     */
    static BenchEngine openEmpty(Path dir, AccountId account, Target target) throws SyncException, IOException {
        delete(dir);
        return open(dir, account, target);
    }

    static BenchEngine open(Path dir, AccountId account, Target target) throws SyncException {
        SqliteMessageStore store = SqliteMessageStore.open(dir);
        AtomicReference<MailProvider.Factory> providers = new AtomicReference<>(ImapTargets.factory(target));
        MailProvider.Factory switching = a -> providers.get().open(a);
        // as the engine configures an account by default: max_connections = 2 (issue 5's bulk download)
        int connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONNECTIONS", "2"));
        AccountSettings settings = new AccountSettings(false, 0, folder -> false, connections);
        // as the engine keeps connections between syncs (ADR 0010); BENCH_POOL=0 opens a new one per sync
        boolean pooled = !"0".equals(System.getenv("BENCH_POOL"));
        ConnectionPool pool = new ConnectionPool(switching, InstantSource.system(), a -> pooled ? connections : 0);
        SyncEngine engine = new SyncEngine(EngineOptions.of(store, pool, Map.of(account, settings)));
        return new BenchEngine(dir, account, store, engine, providers, pool);
    }

    /** Later connections go to {@code target}; the idle ones are logged out, so none of them is reused. */
    void retarget(Target target) {
        providers.set(ImapTargets.factory(target));
        pool.clear();
    }

    /** Runs one sync to its {@code done}. */
    SyncResult sync(SyncRequest request) {
        return engine.synchronizeInBackground(request, SyncListener.NONE)
                .result()
                .join();
    }

    long messageCount() throws SyncException {
        long n = 0;
        for (LocalFolder f : store.folders(account)) {
            n += store.messages(f.id()).size();
        }
        return n;
    }

    long contentBytes() throws SyncException {
        long bytes = 0;
        for (LocalFolder f : store.folders(account)) {
            for (LocalMessage m : store.messages(f.id())) {
                bytes += m.headerOnly() ? 0 : m.size();
            }
        }
        return bytes;
    }

    int folderCount() throws SyncException {
        return store.folders(account).size();
    }

    /** Toggles {@code \Flagged} on the first {@code n} server-held messages, as a user would; returns how many. */
    int toggleFlagged(int n) throws SyncException {
        List<LocalMessage> targets = new ArrayList<>();
        for (LocalFolder f : store.folders(account)) {
            for (LocalMessage m : store.messages(f.id())) {
                if (targets.size() < n && m.remote().isPresent() && !m.deleted()) {
                    targets.add(m);
                }
            }
        }
        return store.write(tx -> {
            for (LocalMessage m : targets) {
                Flags flipped = m.flags().contains(Flags.FLAGGED)
                        ? m.flags().without(Flags.FLAGGED)
                        : m.flags().with(Flags.FLAGGED);
                tx.setFlags(m.localId(), flipped);
            }
            return targets.size();
        });
    }

    /** Adds {@code n} messages created locally in INBOX (pending APPEND); returns their total size in bytes. */
    long addLocalMessages(int n, int round) throws SyncException {
        LocalFolder inbox = store.folder(account, FolderPath.INBOX)
                .orElseThrow(() -> new IllegalStateException("no INBOX in the store: did the initial sync run?"));
        return store.write(tx -> {
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                String id = "<upload-" + round + "-" + i + "@bench.backsync>";
                byte[] body = ("Message-ID: " + id + "\r\nFrom: bench@localhost\r\nTo: bench@localhost\r\n"
                                + "Subject: local message " + round + "/" + i + "\r\n\r\n"
                                + "written by EngineBench to measure APPEND uploads\r\n".repeat(40))
                        .getBytes(StandardCharsets.US_ASCII);
                tx.insertMessage(
                        inbox.id(),
                        NewMessage.local(Optional.of(id), Instant.now(), Flags.of(Flags.SEEN), RawMessage.of(body)));
                bytes += body.length;
            }
            return bytes;
        });
    }

    /** Writes the store's mirror of the server as Maildir into {@code root} (untimed; for the harness's check). */
    long exportMaildir(Path root) throws IOException, SyncException {
        return MaildirMirror.write(store, account, root);
    }

    @Override
    public void close() {
        engine.close();
        pool.close();
        store.close();
    }

    /** Deletes the store's directory; call after {@link #close()}. */
    void deleteStore() throws IOException {
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
