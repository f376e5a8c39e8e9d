package org.backsync.store.sqlite;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.ModSeq;
import org.backsync.spi.NewMessage;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * One write transaction of {@link SqliteMessageStore}, on the writer connection and the writer thread. Every method
 * first checks that it runs inside its {@code write} call on that thread; reads see the transaction's own changes.
 */
final class SqliteTransaction implements StoreTransaction {
    private final Sql sql;
    private final SqliteReads reads;
    private final SqliteFolders folders;
    private final SqliteMessages messages;
    private final SqliteJournal journal;
    private final PackWriter packs;
    private final Thread owner = Thread.currentThread();
    private boolean ended;

    SqliteTransaction(Sql sql, SqliteReads reads, PackWriter packs) {
        this.sql = sql;
        this.reads = reads;
        this.messages = new SqliteMessages(sql, reads, packs);
        this.folders = new SqliteFolders(sql, reads, messages);
        this.journal = new SqliteJournal(sql, reads, packs);
        this.packs = packs;
    }

    void end() {
        ended = true;
    }

    private void check() {
        if (ended || Thread.currentThread() != owner) {
            throw new IllegalStateException("transaction used outside its write() call or from another thread");
        }
    }

    /** Bodies appended in this transaction may still be staged in memory; readers read the file. */
    private void flushPacks() throws SyncException {
        check();
        try {
            packs.flush();
        } catch (java.io.IOException e) {
            throw Sql.failure("pack", "writing staged bodies", e);
        }
    }

    private Sql sql() {
        check();
        return sql;
    }

    private SqliteReads reads() {
        check();
        return reads;
    }

    private SqliteFolders folders() {
        check();
        return folders;
    }

    private SqliteMessages messages() {
        check();
        return messages;
    }

    private SqliteJournal journal() {
        check();
        return journal;
    }

    @Override
    public void ensureAccount(AccountId account) throws SyncException {
        sql().update("INSERT OR IGNORE INTO account (id) VALUES (?)", account.value());
    }

    @Override
    public void setQuirk(AccountId account, ServerQuirk quirk, boolean present) throws SyncException {
        ensureAccount(account);
        if (present) {
            sql().update(
                            "INSERT OR IGNORE INTO server_quirk (account, quirk, since) VALUES (?, ?, ?)",
                            account.value(),
                            quirk.name(),
                            Columns.micros(java.time.Instant.now()));
        } else {
            sql().update("DELETE FROM server_quirk WHERE account = ? AND quirk = ?", account.value(), quirk.name());
        }
    }

    @Override
    public LocalFolder addFolder(
            AccountId account,
            FolderPath path,
            Optional<SpecialUse> specialUse,
            boolean subscribed,
            LocalFolder.Pending pending)
            throws SyncException {
        return folders().add(account, path, specialUse, subscribed, pending);
    }

    @Override
    public void renameFolder(long folderId, FolderPath newPath, boolean local) throws SyncException {
        folders().rename(folderId, newPath, local);
    }

    @Override
    public void markFolderDeleted(long folderId) throws SyncException {
        folders().markDeleted(folderId);
    }

    @Override
    public void removeFolder(long folderId) throws SyncException {
        folders().remove(folderId);
    }

    @Override
    public void clearFolderPending(long folderId) throws SyncException {
        folders().clearPending(folderId);
    }

    @Override
    public void setSpecialUse(long folderId, Optional<SpecialUse> specialUse) throws SyncException {
        folders().setSpecialUse(folderId, specialUse);
    }

    @Override
    public void setSyncState(long folderId, Optional<FolderSyncState> state) throws SyncException {
        folders().setSyncState(folderId, state);
    }

    @Override
    public long insertMessage(long folderId, NewMessage message) throws SyncException {
        return messages().insert(folderId, message);
    }

    @Override
    public void setFlags(long localId, Flags flags) throws SyncException {
        messages().setFlags(localId, flags);
    }

    @Override
    public void setSyncedFlags(long localId, Flags flags, Flags base, Optional<ModSeq> modSeq) throws SyncException {
        messages().setSyncedFlags(localId, flags, base, modSeq);
    }

    @Override
    public void moveLocal(long localId, long toFolderId) throws SyncException {
        messages().moveLocal(localId, toFolderId);
    }

    @Override
    public void markDeleted(long localId) throws SyncException {
        messages().markDeleted(localId);
    }

    @Override
    public void setRemote(long localId, Optional<RemoteRef> remote) throws SyncException {
        messages().setRemote(localId, remote);
    }

    @Override
    public void setTrackingId(long localId, String trackingId, RawMessage rewritten) throws SyncException {
        messages().setTrackingId(localId, trackingId, rewritten);
    }

    @Override
    public void removeMessage(long localId) throws SyncException {
        messages().remove(localId);
    }

    @Override
    public void replaceContent(long localId, RawMessage full) throws SyncException {
        messages().replaceContent(localId, full);
    }

    @Override
    public long openIntent(IntentSpec spec, Instant now) throws SyncException {
        return journal().openIntent(spec, now);
    }

    @Override
    public void closeIntent(long intentId, IntentState outcome, String detail, Instant now) throws SyncException {
        journal().closeIntent(intentId, outcome, detail, now);
    }

    @Override
    public void recordAttempt(long intentId, String error) throws SyncException {
        journal().recordAttempt(intentId, error);
    }

    @Override
    public void markDataComplete(long intentId) throws SyncException {
        journal().markDataComplete(intentId);
    }

    @Override
    public int pruneIntents(Instant before) throws SyncException {
        return journal().pruneIntents(before);
    }

    @Override
    public OutboxId addToOutbox(OutboxEntry entry, String from, List<String> recipients, RawMessage content)
            throws SyncException {
        return journal().addToOutbox(entry, from, recipients, content);
    }

    @Override
    public void updateOutbox(OutboxEntry entry) throws SyncException {
        journal().updateOutbox(entry);
    }

    @Override
    public boolean tryLease(AccountId account, String owner, Instant now, Instant until) throws SyncException {
        return journal().tryLease(account, owner, now, until);
    }

    @Override
    public void releaseLease(AccountId account, String owner) throws SyncException {
        journal().releaseLease(account, owner);
    }

    @Override
    public List<AccountId> accounts() throws SyncException {
        return reads().accounts();
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) throws SyncException {
        return reads().quirks(account);
    }

    @Override
    public List<LocalFolder> folders(AccountId account) throws SyncException {
        return reads().folders(account);
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) throws SyncException {
        return reads().folder(folderId);
    }

    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException {
        return reads().folder(account, path);
    }

    @Override
    public List<LocalMessage> messages(long folderId) throws SyncException {
        return reads().messages(folderId);
    }

    @Override
    public List<LocalMessage> pendingUploads(long folderId) throws SyncException {
        return reads().pendingUploads(folderId);
    }

    @Override
    public List<LocalMessage> headerOnly(long folderId) throws SyncException {
        return reads().headerOnly(folderId);
    }

    @Override
    public long countOnServer(long folderId) throws SyncException {
        return reads().countOnServer(folderId);
    }

    @Override
    public List<LocalMessage> messagesByUid(long folderId, Set<Uid> uids) throws SyncException {
        return reads().messagesByUid(folderId, uids);
    }

    @Override
    public Optional<LocalMessage> message(long localId) throws SyncException {
        return reads().message(localId);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException {
        return reads().messageByUid(folderId, uid);
    }

    @Override
    public Optional<RawMessage> content(long localId) throws SyncException {
        flushPacks();
        return reads().content(localId);
    }

    @Override
    public List<Intent> openIntents(AccountId account) throws SyncException {
        return reads().openIntents(account);
    }

    @Override
    public Optional<Intent> intent(long intentId) throws SyncException {
        return reads().intent(intentId);
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) throws SyncException {
        return reads().outbox(account);
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException {
        return reads().outboxRecord(id);
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) throws SyncException {
        flushPacks();
        return reads().outboxContent(id);
    }
}
