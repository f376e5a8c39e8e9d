package org.backsync.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.BatchSink;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync's use of a pooled connection ({@link ConnectionPool}): every call goes to the connection; {@link #close()}
 * hands it back to the pool instead of logging out, unless the sync aborted it or a call failed in a way that may
 * leave it out of step (anything but a {@code FOLDER}/{@code MESSAGE} refusal).
 *
 * <p>A reused connection the network dropped while idle passes the pool's check and fails its first call. When that
 * first call is read-only and fails with a transient status, it is repeated once on a new connection: the sync sees
 * nothing (no error, no backoff). A first call that changes the server is never repeated here: the core journaled it,
 * and after a lost connection it finds out whether it was applied before trying again (R20, 4.3), so nothing is written
 * twice. Used by one sync's thread; {@link #abort()} from any thread.
 */
final class PooledProvider implements MailProvider {
    private static final Logger log = LoggerFactory.getLogger(PooledProvider.class);

    /** One read-only call. */
    @FunctionalInterface
    private interface Read<T> {
        T run(MailProvider p) throws SyncException;
    }

    private final ConnectionPool pool;
    private final AccountId account;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile MailProvider inner;
    /** Taken from the pool and not yet proven alive by a call that succeeded. */
    private boolean unproven;

    private boolean healthy = true;
    private boolean closed;

    PooledProvider(ConnectionPool pool, AccountId account, MailProvider inner, boolean reused) {
        this.pool = pool;
        this.account = account;
        this.inner = inner;
        this.unproven = reused;
    }

    private <T> T read(Read<T> call) throws SyncException {
        try {
            T result = call.run(inner);
            unproven = false;
            return result;
        } catch (SyncException e) {
            if (!unproven || !e.isTransient() || aborted.get()) {
                failed(e);
                throw e;
            }
        }
        unproven = false;
        replaceDeadConnection();
        try {
            return call.run(inner);
        } catch (SyncException e) {
            failed(e);
            throw e;
        }
    }

    private <T> T write(Read<T> call) throws SyncException {
        try {
            T result = call.run(inner);
            unproven = false;
            return result;
        } catch (SyncException e) {
            unproven = false;
            failed(e);
            throw e;
        }
    }

    private void replaceDeadConnection() throws SyncException {
        log.debug("account {}: a reused connection was dropped while idle; opening a new one", account);
        MailProvider dead = inner;
        dead.abort();
        inner = pool.reopen(account);
        if (aborted.get()) { // abort() raced with the swap: it may have missed the new connection
            inner.abort();
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "account " + account + ": connection aborted");
        }
    }

    private void failed(SyncException e) {
        if (e.isTransient() || e.scope() == Scope.ACCOUNT || e.status() == Status.CANCELLED) {
            healthy = false;
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return read(MailProvider::listFolders);
    }

    @Override
    public FolderStatus status(FolderPath folder) throws SyncException {
        return read(p -> p.status(folder));
    }

    @Override
    public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
        return read(p -> p.statuses(folders));
    }

    @Override
    public FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        return read(p -> p.changes(folder, known, justTaken));
    }

    /** Not repeated on a new connection: batches may have reached the sink before the failure. */
    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        write(p -> {
            p.fetch(folder, uids, headersOnly, sink);
            return null;
        });
    }

    @Override
    public Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException {
        return read(p -> p.fetchFlags(folder, uids));
    }

    @Override
    public Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        return read(p -> p.searchHeader(folder, name, value, from));
    }

    @Override
    public Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        return write(p -> p.append(folder, message, flags, internalDate));
    }

    @Override
    public Set<Uid> storeFlags(
            FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        return write(p -> p.storeFlags(folder, uids, add, remove, unchangedSince));
    }

    @Override
    public Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return write(p -> p.move(source, uids, target));
    }

    @Override
    public Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return write(p -> p.copy(source, uids, target));
    }

    @Override
    public void delete(FolderPath folder, Set<Uid> uids) throws SyncException {
        write(p -> {
            p.delete(folder, uids);
            return null;
        });
    }

    @Override
    public void createFolder(FolderPath folder) throws SyncException {
        write(p -> {
            p.createFolder(folder);
            return null;
        });
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws SyncException {
        write(p -> {
            p.renameFolder(from, to);
            return null;
        });
    }

    @Override
    public void deleteFolder(FolderPath folder) throws SyncException {
        write(p -> {
            p.deleteFolder(folder);
            return null;
        });
    }

    /** False: a connection in a sync's hands is not for another pool to take. */
    @Override
    public boolean isReusable() {
        return false;
    }

    @Override
    public void abort() {
        aborted.set(true);
        inner.abort();
    }

    /** Hands the connection back to the pool, which keeps it if nothing went wrong, else closes it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.giveBack(account, inner, healthy && !aborted.get());
    }
}
