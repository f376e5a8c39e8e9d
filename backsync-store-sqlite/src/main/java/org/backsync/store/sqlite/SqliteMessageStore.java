package org.backsync.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Intent;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.jspecify.annotations.Nullable;

/**
 * The local store on SQLite (WAL) plus append-only pack files for message bodies, in one directory: {@code store.db}
 * and {@code packs/}. See docs/adr/0001-message-bodies-storage.md for the body layout and its crash-safety argument.
 *
 * <p><b>Threads.</b> Every write runs on one platform thread, {@code backsync-store-writer}, holding the only writer
 * connection: sqlite-jdbc's JNI calls pin virtual threads, so {@link #write} hands the work to that thread and waits
 * (a virtual caller unmounts while it waits). The work therefore runs on the writer thread, where {@link
 * #inTransaction()} is true. Reads use a small pool of separate connections and never wait for the writer (WAL).
 *
 * <p><b>Durability.</b> {@code synchronous=FULL}: when {@link #write} returns, the pack bytes were forced and the WAL
 * commit was synced. <b>Failures:</b> {@code CORRUPT_STORE} at {@code ACCOUNT} scope, with the reason (not a SQLite
 * file, integrity check failed, newer schema, directory not writable, disk full); the files are never rewritten on the
 * way to such an error.
 */
public final class SqliteMessageStore implements MessageStore {
    static final long DEFAULT_PACK_LIMIT = 256L << 20;
    private static final int MAX_IDLE_READERS = 8;

    private final StoreFiles files;
    private final ExecutorService writer;
    private final Thread writerThread;
    private final Sql writerSql;
    private final PackWriter packs;
    private final ConcurrentLinkedDeque<Sql> idleReaders = new ConcurrentLinkedDeque<>();

    /** The transaction running on the writer thread; read and written only there. */
    private @Nullable SqliteTransaction active;

    private volatile boolean closed;

    private SqliteMessageStore(
            StoreFiles files, ExecutorService writer, Thread writerThread, Sql writerSql, PackWriter packs) {
        this.files = files;
        this.writer = writer;
        this.writerThread = writerThread;
        this.writerSql = writerSql;
        this.packs = packs;
    }

    /** Opens (or creates) the store in {@code dir}, checking and migrating its schema first. */
    public static SqliteMessageStore open(Path dir) throws SyncException {
        return open(dir, DEFAULT_PACK_LIMIT);
    }

    static SqliteMessageStore open(Path dir, long packLimit) throws SyncException {
        StoreFiles files = StoreFiles.prepare(dir);
        Thread[] thread = new Thread[1];
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            thread[0] =
                    Thread.ofPlatform().name("backsync-store-writer").daemon().unstarted(r);
            return thread[0];
        });
        try {
            Sql sql = await(writer.submit(() -> files.openWriter()));
            PackWriter packs = new PackWriter(files.packs(), packLimit);
            await(writer.submit(() -> {
                PackReclaimer.reclaim(sql, files, packs);
                return null;
            }));
            return new SqliteMessageStore(files, writer, thread[0], sql, packs);
        } catch (SyncException | RuntimeException e) {
            writer.shutdownNow();
            throw e;
        }
    }

    /** The directory this store lives in. */
    public Path directory() {
        return files.dir();
    }

    @Override
    public <T> T write(Work<T> work) throws SyncException {
        Objects.requireNonNull(work, "work");
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException("write called inside a write transaction");
        }
        checkOpen();
        return await(writer.submit(() -> runTransaction(work)));
    }

    private <T> T runTransaction(Work<T> work) throws SyncException {
        writerSql.execute("BEGIN IMMEDIATE");
        SqliteTransaction tx = new SqliteTransaction(writerSql, new SqliteReads(writerSql, files.packs()), packs);
        active = tx;
        boolean committed = false;
        try {
            T result = work.run(tx);
            tx.end();
            packs.beforeCommit(writerSql);
            writerSql.execute("COMMIT");
            committed = true;
            return result;
        } finally {
            tx.end();
            active = null;
            if (!committed) {
                Schema.rollbackQuietly(writerSql);
                packs.rollback();
            }
        }
    }

    /** Waits for the writer thread; an interrupt does not abandon a transaction half-way, it is restored after. */
    private static <T> T await(Future<T> future) throws SyncException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SyncException unwrap(Throwable cause) {
        switch (cause) {
            case SyncException e -> {
                return e;
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> {
                return new SyncException(
                        Status.INTERNAL_ERROR, Scope.ACCOUNT, "store write failed: " + cause, null, cause);
            }
        }
    }

    @Override
    public boolean inTransaction() {
        return Thread.currentThread() == writerThread && active != null;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + files.dir() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.submit(() -> {
            packs.close();
            writerSql.close();
        });
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sql s = idleReaders.poll(); s != null; s = idleReaders.poll()) {
            s.close();
        }
    }

    /** One read on a pooled reader connection. */
    @FunctionalInterface
    private interface Read<T> {
        T run(SqliteReads reads) throws SyncException;
    }

    private <T> T read(Read<T> read) throws SyncException {
        checkOpen();
        Sql sql = idleReaders.pollFirst();
        if (sql == null) {
            sql = files.openReader();
        }
        try {
            return read.run(new SqliteReads(sql, files.packs()));
        } finally {
            if (closed || idleReaders.size() >= MAX_IDLE_READERS) {
                sql.close();
            } else {
                idleReaders.offerFirst(sql);
            }
        }
    }

    @Override
    public List<AccountId> accounts() throws SyncException {
        return read(SqliteReads::accounts);
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) throws SyncException {
        return read(r -> r.quirks(account));
    }

    @Override
    public List<LocalFolder> folders(AccountId account) throws SyncException {
        return read(r -> r.folders(account));
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) throws SyncException {
        return read(r -> r.folder(folderId));
    }

    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException {
        return read(r -> r.folder(account, path));
    }

    @Override
    public List<LocalMessage> messages(long folderId) throws SyncException {
        return read(r -> r.messages(folderId));
    }

    @Override
    public List<LocalMessage> pendingUploads(long folderId) throws SyncException {
        return read(r -> r.pendingUploads(folderId));
    }

    @Override
    public List<LocalMessage> headerOnly(long folderId) throws SyncException {
        return read(r -> r.headerOnly(folderId));
    }

    @Override
    public long countOnServer(long folderId) throws SyncException {
        return read(r -> r.countOnServer(folderId));
    }

    @Override
    public List<LocalMessage> messagesByUid(long folderId, Set<Uid> uids) throws SyncException {
        return read(r -> r.messagesByUid(folderId, uids));
    }

    @Override
    public Optional<LocalMessage> message(long localId) throws SyncException {
        return read(r -> r.message(localId));
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException {
        return read(r -> r.messageByUid(folderId, uid));
    }

    @Override
    public Optional<RawMessage> content(long localId) throws SyncException {
        return read(r -> r.content(localId));
    }

    @Override
    public List<Intent> openIntents(AccountId account) throws SyncException {
        return read(r -> r.openIntents(account));
    }

    @Override
    public Optional<Intent> intent(long intentId) throws SyncException {
        return read(r -> r.intent(intentId));
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) throws SyncException {
        return read(r -> r.outbox(account));
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException {
        return read(r -> r.outboxRecord(id));
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) throws SyncException {
        return read(r -> r.outboxContent(id));
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an unreferenced pack stays behind and is retried at the next open
        }
    }
}
