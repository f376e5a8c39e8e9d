package org.backsync.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.spi.Intent;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.StoreReader;
import org.backsync.spi.Uid;

/**
 * One version of the in-memory store's data. A published instance is never changed; a transaction works on a {@link
 * #copy()}. Rows are immutable records and content arrays are never written after insert, so a shallow copy of the
 * maps is a full snapshot.
 */
final class InMemoryState implements StoreReader {
    record StoredMessage(LocalMessage meta, byte[] content) {}

    record StoredOutbox(OutboxRecord record, byte[] content) {}

    record Lease(String owner, Instant until) {}

    final TreeSet<AccountId> accounts;
    final TreeMap<Long, LocalFolder> folders;
    final TreeMap<Long, StoredMessage> messages;
    final TreeMap<Long, Intent> intents;
    final TreeMap<Long, StoredOutbox> outbox;
    final HashMap<AccountId, Lease> leases;
    /** Values are immutable sets, replaced on change, so a shallow copy of the map is a snapshot. */
    final HashMap<AccountId, Set<ServerQuirk>> quirks;

    long lastFolderId;
    long lastMessageId;
    long lastIntentId;
    long lastOutboxId;

    InMemoryState() {
        this(
                new TreeSet<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                new HashMap<>(),
                new HashMap<>());
    }

    private InMemoryState(
            TreeSet<AccountId> accounts,
            TreeMap<Long, LocalFolder> folders,
            TreeMap<Long, StoredMessage> messages,
            TreeMap<Long, Intent> intents,
            TreeMap<Long, StoredOutbox> outbox,
            HashMap<AccountId, Lease> leases,
            HashMap<AccountId, Set<ServerQuirk>> quirks) {
        this.quirks = quirks;
        this.accounts = accounts;
        this.folders = folders;
        this.messages = messages;
        this.intents = intents;
        this.outbox = outbox;
        this.leases = leases;
    }

    InMemoryState copy() {
        InMemoryState c = new InMemoryState(
                new TreeSet<>(accounts),
                new TreeMap<>(folders),
                new TreeMap<>(messages),
                new TreeMap<>(intents),
                new TreeMap<>(outbox),
                new HashMap<>(leases),
                new HashMap<>(quirks));
        c.lastFolderId = lastFolderId;
        c.lastMessageId = lastMessageId;
        c.lastIntentId = lastIntentId;
        c.lastOutboxId = lastOutboxId;
        return c;
    }

    @Override
    public List<AccountId> accounts() {
        return List.copyOf(accounts);
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) {
        return quirks.getOrDefault(account, Set.of());
    }

    @Override
    public List<LocalFolder> folders(AccountId account) {
        return folders.values().stream()
                .filter(f -> f.account().equals(account))
                .sorted(InMemoryState::compareFolders)
                .toList();
    }

    private static int compareFolders(LocalFolder a, LocalFolder b) {
        int byPath = a.path().compareTo(b.path());
        return byPath != 0 ? byPath : Long.compare(a.id(), b.id());
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) {
        return Optional.ofNullable(folders.get(folderId));
    }

    /** The visible folder at {@code path}, else a pending-delete one there. */
    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) {
        return folders(account).stream()
                .filter(f -> f.path().equals(path))
                .min((a, b) -> Boolean.compare(!a.isVisible(), !b.isVisible()));
    }

    Optional<LocalFolder> visibleFolder(AccountId account, FolderPath path) {
        return folders.values().stream()
                .filter(f -> f.account().equals(account) && f.path().equals(path) && f.isVisible())
                .findFirst();
    }

    @Override
    public List<LocalMessage> messages(long folderId) {
        return messages.values().stream()
                .map(StoredMessage::meta)
                .filter(m -> m.folderId() == folderId
                        || m.remote().map(r -> r.folderId() == folderId).orElse(false))
                .toList();
    }

    @Override
    public Optional<LocalMessage> message(long localId) {
        return Optional.ofNullable(messages.get(localId)).map(StoredMessage::meta);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) {
        return messages.values().stream()
                .map(StoredMessage::meta)
                .filter(m -> m.remote()
                        .map(r -> r.folderId() == folderId && r.uid().equals(uid))
                        .orElse(false))
                .findFirst();
    }

    @Override
    public Optional<RawMessage> content(long localId) {
        return Optional.ofNullable(messages.get(localId)).map(s -> RawMessage.of(s.content()));
    }

    @Override
    public List<Intent> openIntents(AccountId account) {
        return intents.values().stream()
                .filter(i -> i.isOpen() && i.spec().account().equals(account))
                .toList();
    }

    @Override
    public Optional<Intent> intent(long intentId) {
        return Optional.ofNullable(intents.get(intentId));
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) {
        return outbox.values().stream()
                .map(StoredOutbox::record)
                .filter(r -> r.entry().account().equals(account))
                .toList();
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) {
        return Optional.ofNullable(outbox.get(id.value())).map(StoredOutbox::record);
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) {
        return Optional.ofNullable(outbox.get(id.value())).map(s -> RawMessage.of(s.content()));
    }
}
