package org.backsync.testing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.spi.Intent;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * A complete {@link MessageStore} held in memory, for core tests; it passes {@link MessageStoreContract}.
 *
 * <p>Transactions work by copy-on-write: {@link #write} copies the committed snapshot (maps of immutable rows), runs
 * the work on the copy and publishes the copy only if the work returns. Readers read the published snapshot through a
 * volatile field, so they never wait for the writer and never see half a transaction. Writers are serialized by one
 * lock. Contents are copied into byte arrays on insert; a copy costs time linear in the number of rows, which is fine
 * for tests of up to some ten thousand messages.
 */
public final class InMemoryMessageStore implements MessageStore {
    private final ReentrantLock writeLock = new ReentrantLock();

    /** The last committed state; never mutated once published. Written only under {@link #writeLock}. */
    private volatile InMemoryState committed = new InMemoryState();

    private volatile boolean closed;

    @Override
    public <T> T write(Work<T> work) throws SyncException {
        Objects.requireNonNull(work, "work");
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("write called inside a write transaction on the same thread");
        }
        writeLock.lock();
        try {
            checkOpen();
            InMemoryState draft = committed.copy();
            InMemoryTransaction tx = new InMemoryTransaction(draft);
            try {
                T result = work.run(tx);
                committed = draft;
                return result;
            } finally {
                tx.end();
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean inTransaction() {
        return writeLock.isHeldByCurrentThread();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private StoreReader snapshot() {
        checkOpen();
        return committed;
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) throws SyncException {
        return snapshot().quirks(account);
    }

    @Override
    public List<AccountId> accounts() throws SyncException {
        return snapshot().accounts();
    }

    @Override
    public List<LocalFolder> folders(AccountId account) throws SyncException {
        return snapshot().folders(account);
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) throws SyncException {
        return snapshot().folder(folderId);
    }

    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException {
        return snapshot().folder(account, path);
    }

    @Override
    public List<LocalMessage> messages(long folderId) throws SyncException {
        return snapshot().messages(folderId);
    }

    @Override
    public Optional<LocalMessage> message(long localId) throws SyncException {
        return snapshot().message(localId);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException {
        return snapshot().messageByUid(folderId, uid);
    }

    @Override
    public Optional<RawMessage> content(long localId) throws SyncException {
        return snapshot().content(localId);
    }

    @Override
    public List<Intent> openIntents(AccountId account) throws SyncException {
        return snapshot().openIntents(account);
    }

    @Override
    public Optional<Intent> intent(long intentId) throws SyncException {
        return snapshot().intent(intentId);
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) throws SyncException {
        return snapshot().outbox(account);
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException {
        return snapshot().outboxRecord(id);
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) throws SyncException {
        return snapshot().outboxContent(id);
    }
}
