package org.backsync.testing;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
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
import org.backsync.testing.InMemoryState.Lease;
import org.backsync.testing.InMemoryState.StoredOutbox;

/**
 * One write transaction of {@link InMemoryMessageStore}: every change goes to a private draft state that the store
 * publishes only if the work returns. Usable only inside its {@code write} call and on that call's thread.
 */
final class InMemoryTransaction implements StoreTransaction {
    private final InMemoryState draft;
    private final InMemoryFolders folders;
    private final InMemoryMessages messages;
    private final Thread owner = Thread.currentThread();
    private boolean ended;

    InMemoryTransaction(InMemoryState draft) {
        this.draft = draft;
        this.folders = new InMemoryFolders(draft);
        this.messages = new InMemoryMessages(draft, folders);
    }

    void end() {
        ended = true;
    }

    private InMemoryState state() {
        if (ended || Thread.currentThread() != owner) {
            throw new IllegalStateException("transaction used outside its write() call or from another thread");
        }
        return draft;
    }

    @Override
    public void ensureAccount(AccountId account) {
        state().accounts.add(account);
    }

    @Override
    public void setQuirk(AccountId account, ServerQuirk quirk, boolean present) {
        state().accounts.add(account);
        Set<ServerQuirk> now = EnumSet.noneOf(ServerQuirk.class);
        now.addAll(state().quirks(account));
        if (present) {
            now.add(quirk);
        } else {
            now.remove(quirk);
        }
        state().quirks.put(account, Set.copyOf(now));
    }

    @Override
    public LocalFolder addFolder(
            AccountId account,
            FolderPath path,
            Optional<SpecialUse> specialUse,
            boolean subscribed,
            LocalFolder.Pending pending)
            throws SyncException {
        if (pending != LocalFolder.Pending.NONE && pending != LocalFolder.Pending.CREATE) {
            throw new IllegalArgumentException("a new folder is pending NONE or CREATE, not " + pending);
        }
        InMemoryState s = state();
        s.accounts.add(account);
        LocalFolder folder = new LocalFolder(
                s.lastFolderId + 1,
                account,
                path,
                pending == LocalFolder.Pending.NONE ? Optional.of(path) : Optional.empty(),
                specialUse,
                subscribed,
                Optional.empty(),
                pending);
        folders.requireFreePath(folder, path);
        s.lastFolderId++;
        folders.put(folder);
        return folder;
    }

    @Override
    public void renameFolder(long folderId, FolderPath newPath, boolean local) throws SyncException {
        state();
        folders.rename(folderId, newPath, local);
    }

    @Override
    public void markFolderDeleted(long folderId) throws SyncException {
        state();
        folders.markDeleted(folderId);
    }

    @Override
    public void removeFolder(long folderId) throws SyncException {
        state();
        folders.remove(folderId);
    }

    @Override
    public void clearFolderPending(long folderId) throws SyncException {
        state();
        folders.clearPending(folderId);
    }

    @Override
    public void setSpecialUse(long folderId, Optional<SpecialUse> specialUse) throws SyncException {
        state();
        LocalFolder f = folders.require(folderId);
        folders.put(new LocalFolder(
                f.id(), f.account(), f.path(), f.remotePath(), specialUse, f.subscribed(), f.syncState(), f.pending()));
    }

    @Override
    public void setSyncState(long folderId, Optional<FolderSyncState> syncState) throws SyncException {
        state();
        LocalFolder f = folders.require(folderId);
        folders.put(new LocalFolder(
                f.id(), f.account(), f.path(), f.remotePath(), f.specialUse(), f.subscribed(), syncState, f.pending()));
    }

    @Override
    public long insertMessage(long folderId, NewMessage message) throws SyncException {
        state();
        return messages.insert(folderId, message);
    }

    @Override
    public void setFlags(long localId, Flags flags) throws SyncException {
        state();
        messages.setFlags(localId, flags);
    }

    @Override
    public void setSyncedFlags(long localId, Flags flags, Flags base, Optional<ModSeq> modSeq) throws SyncException {
        state();
        messages.setSyncedFlags(localId, flags, base, modSeq);
    }

    @Override
    public void moveLocal(long localId, long toFolderId) throws SyncException {
        state();
        messages.moveLocal(localId, toFolderId);
    }

    @Override
    public void markDeleted(long localId) throws SyncException {
        state();
        messages.markDeleted(localId);
    }

    @Override
    public void setRemote(long localId, Optional<RemoteRef> remote) throws SyncException {
        state();
        messages.setRemote(localId, remote);
    }

    @Override
    public void setTrackingId(long localId, String trackingId, RawMessage rewritten) throws SyncException {
        state();
        messages.setTrackingId(localId, trackingId, rewritten);
    }

    @Override
    public void removeMessage(long localId) throws SyncException {
        state();
        messages.remove(localId);
    }

    @Override
    public void replaceContent(long localId, RawMessage full) throws SyncException {
        state();
        messages.replaceContent(localId, full);
    }

    @Override
    public long openIntent(IntentSpec spec, Instant now) {
        InMemoryState s = state();
        s.accounts.add(spec.account());
        long id = ++s.lastIntentId;
        s.intents.put(id, new Intent(id, spec, IntentState.OPEN, false, 0, Optional.empty(), now, Optional.empty()));
        return id;
    }

    private Intent requireOpenIntent(long intentId) throws SyncException {
        Intent i = state().intents.get(intentId);
        if (i == null) {
            throw new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "no intent with id " + intentId);
        }
        if (!i.isOpen()) {
            throw new IllegalStateException("intent " + intentId + " is already closed as " + i.state());
        }
        return i;
    }

    @Override
    public void closeIntent(long intentId, IntentState outcome, String detail, Instant now) throws SyncException {
        if (outcome == IntentState.OPEN) {
            throw new IllegalArgumentException("closeIntent needs APPLIED or NOT_APPLIED, not OPEN");
        }
        Intent i = requireOpenIntent(intentId);
        draft.intents.put(
                intentId,
                new Intent(
                        intentId,
                        i.spec(),
                        outcome,
                        i.dataComplete(),
                        i.attempts(),
                        Optional.of(detail),
                        i.created(),
                        Optional.of(now)));
    }

    @Override
    public void recordAttempt(long intentId, String error) throws SyncException {
        Intent i = requireOpenIntent(intentId);
        draft.intents.put(
                intentId,
                new Intent(
                        intentId,
                        i.spec(),
                        i.state(),
                        i.dataComplete(),
                        i.attempts() + 1,
                        Optional.of(error),
                        i.created(),
                        i.closed()));
    }

    @Override
    public void markDataComplete(long intentId) throws SyncException {
        Intent i = requireOpenIntent(intentId);
        if (i.kind() != IntentKind.SMTP_SEND) {
            throw new IllegalArgumentException("markDataComplete on a " + i.kind() + " intent " + intentId);
        }
        draft.intents.put(
                intentId,
                new Intent(intentId, i.spec(), i.state(), true, i.attempts(), i.detail(), i.created(), i.closed()));
    }

    @Override
    public int pruneIntents(Instant before) {
        List<Long> old = state().intents.values().stream()
                .filter(i -> i.closed().map(c -> c.isBefore(before)).orElse(false))
                .map(Intent::id)
                .toList();
        old.forEach(draft.intents::remove);
        return old.size();
    }

    @Override
    public OutboxId addToOutbox(OutboxEntry entry, String from, List<String> recipients, RawMessage content)
            throws SyncException {
        InMemoryState s = state();
        byte[] bytes = InMemoryMessages.copy(content);
        s.accounts.add(entry.account());
        OutboxId id = new OutboxId(++s.lastOutboxId);
        OutboxEntry stored = new OutboxEntry(
                id,
                entry.account(),
                entry.messageId(),
                entry.state(),
                entry.reason(),
                entry.attempts(),
                entry.nextAttempt(),
                entry.recipients(),
                entry.submitted());
        s.outbox.put(id.value(), new StoredOutbox(new OutboxRecord(stored, from, recipients), bytes));
        return id;
    }

    @Override
    public void updateOutbox(OutboxEntry entry) throws SyncException {
        StoredOutbox old = state().outbox.get(entry.id().value());
        if (old == null) {
            throw new SyncException(
                    Status.NOT_FOUND,
                    Scope.MESSAGE,
                    "no Outbox message with id " + entry.id().value());
        }
        if (!old.record().entry().account().equals(entry.account())) {
            throw new IllegalArgumentException("Outbox message " + entry.id().value() + " belongs to "
                    + old.record().entry().account() + ", not " + entry.account());
        }
        OutboxRecord r = old.record();
        draft.outbox.put(
                entry.id().value(), new StoredOutbox(new OutboxRecord(entry, r.from(), r.recipients()), old.content()));
    }

    @Override
    public boolean tryLease(AccountId account, String owner, Instant now, Instant until) {
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("lease until " + until + " is not after now " + now);
        }
        InMemoryState s = state();
        Lease held = s.leases.get(account);
        if (held != null && !held.owner().equals(owner) && held.until().isAfter(now)) {
            return false;
        }
        s.accounts.add(account);
        s.leases.put(account, new Lease(owner, until));
        return true;
    }

    @Override
    public void releaseLease(AccountId account, String owner) {
        InMemoryState s = state();
        Lease held = s.leases.get(account);
        if (held != null && held.owner().equals(owner)) {
            s.leases.remove(account);
        }
    }

    @Override
    public List<AccountId> accounts() {
        return state().accounts();
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) {
        return state().quirks(account);
    }

    @Override
    public List<LocalFolder> folders(AccountId account) {
        return state().folders(account);
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) {
        return state().folder(folderId);
    }

    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) {
        return state().folder(account, path);
    }

    @Override
    public List<LocalMessage> messages(long folderId) {
        return state().messages(folderId);
    }

    @Override
    public Optional<LocalMessage> message(long localId) {
        return state().message(localId);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) {
        return state().messageByUid(folderId, uid);
    }

    @Override
    public Optional<RawMessage> content(long localId) {
        return state().content(localId);
    }

    @Override
    public List<Intent> openIntents(AccountId account) {
        return state().openIntents(account);
    }

    @Override
    public Optional<Intent> intent(long intentId) {
        return state().intent(intentId);
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) {
        return state().outbox(account);
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) {
        return state().outboxRecord(id);
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) {
        return state().outboxContent(id);
    }
}
