package org.backsync.core.outbox;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * A store that fails chosen write transactions with {@code CORRUPT_STORE} (rolled back, as a real store would), and
 * otherwise is the {@link org.backsync.testing.InMemoryMessageStore} it wraps.
 */
final class FailingStore implements MessageStore {
    private final MessageStore delegate;
    private volatile Predicate<StoreTransaction> failWhen = tx -> false;

    FailingStore(MessageStore delegate) {
        this.delegate = delegate;
    }

    /** From now on, a transaction fails at commit when {@code condition} holds for what it wrote. */
    void failCommitWhen(Predicate<StoreTransaction> condition) {
        failWhen = condition;
    }

    @Override
    public <T> T write(Work<T> work) throws SyncException {
        return delegate.write(tx -> {
            T result = work.run(tx);
            if (failWhen.test(tx)) {
                throw new SyncException(Status.CORRUPT_STORE, Scope.ACCOUNT, "disk full");
            }
            return result;
        });
    }

    @Override
    public boolean inTransaction() {
        return delegate.inTransaction();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) throws SyncException {
        return delegate.quirks(account);
    }

    @Override
    public List<AccountId> accounts() throws SyncException {
        return delegate.accounts();
    }

    @Override
    public List<LocalFolder> folders(AccountId account) throws SyncException {
        return delegate.folders(account);
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) throws SyncException {
        return delegate.folder(folderId);
    }

    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException {
        return delegate.folder(account, path);
    }

    @Override
    public List<LocalMessage> messages(long folderId) throws SyncException {
        return delegate.messages(folderId);
    }

    @Override
    public Optional<LocalMessage> message(long localId) throws SyncException {
        return delegate.message(localId);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException {
        return delegate.messageByUid(folderId, uid);
    }

    @Override
    public Optional<RawMessage> content(long localId) throws SyncException {
        return delegate.content(localId);
    }

    @Override
    public List<Intent> openIntents(AccountId account) throws SyncException {
        return delegate.openIntents(account);
    }

    @Override
    public Optional<Intent> intent(long intentId) throws SyncException {
        return delegate.intent(intentId);
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) throws SyncException {
        return delegate.outbox(account);
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException {
        return delegate.outboxRecord(id);
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) throws SyncException {
        return delegate.outboxContent(id);
    }
}
