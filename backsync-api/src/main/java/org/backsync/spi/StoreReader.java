package org.backsync.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxId;
import org.backsync.RawMessage;

/**
 * Read access to the local store. On {@link MessageStore} each call sees the latest committed state and may run
 * concurrently with a write; inside a {@link StoreTransaction} it also sees that transaction's own changes.
 *
 * <p>Failures: {@code CORRUPT_STORE} at {@code ACCOUNT} scope when the store cannot be read.
 */
public interface StoreReader {
    /** Every account known to the store, sorted. */
    List<AccountId> accounts() throws SyncException;

    /** What the engine has learned about the account's server ({@link ServerQuirk}); empty for an unknown account. */
    Set<ServerQuirk> quirks(AccountId account) throws SyncException;

    /** The account's folders, pending deletes included, sorted by path. */
    List<LocalFolder> folders(AccountId account) throws SyncException;

    Optional<LocalFolder> folder(long folderId) throws SyncException;

    Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException;

    /**
     * Every message related to the folder: those users see in it ({@code folderId}) and those the server holds in it
     * ({@code remote.folderId}), pending moves and deletes included, sorted by local id.
     */
    List<LocalMessage> messages(long folderId) throws SyncException;

    /**
     * The messages of {@link #messages} with a change waiting for upload in this folder: created locally in it and not
     * yet appended ({@link LocalMessage#needsAppend}), or held by the server in it with a pending flag change, move or
     * delete. Sorted by local id. A resync with nothing to upload reads no message through this. The default filters
     * {@link #messages}; a store overrides it with a query that never touches unchanged messages.
     */
    default List<LocalMessage> pendingUploads(long folderId) throws SyncException {
        return messages(folderId).stream()
                .filter(m -> isPendingUploadIn(m, folderId))
                .toList();
    }

    /**
     * Header-only items, not deleted, that the server holds in this folder ({@code remote.folderId == folderId}):
     * what promotion may fetch in full. Sorted by local id. The default filters {@link #messages}.
     */
    default List<LocalMessage> headerOnly(long folderId) throws SyncException {
        return messages(folderId).stream()
                .filter(m -> m.headerOnly() && !m.deleted())
                .filter(m -> m.remote().isPresent() && m.remote().get().folderId() == folderId)
                .toList();
    }

    /**
     * How many local items the server holds in this folder ({@code remote.folderId == folderId}, pending deletes and
     * moves out included): what STATUS MESSAGES should say once every change is applied (the audit of CONTRACT 5.1).
     */
    default long countOnServer(long folderId) throws SyncException {
        return messages(folderId).stream()
                .filter(m -> m.remote().isPresent() && m.remote().get().folderId() == folderId)
                .count();
    }

    /** The messages the store maps to {@code uids} in the folder (those it knows), sorted by local id. */
    default List<LocalMessage> messagesByUid(long folderId, Set<Uid> uids) throws SyncException {
        List<LocalMessage> out = new ArrayList<>();
        for (Uid uid : uids) {
            messageByUid(folderId, uid).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(LocalMessage::localId));
        return out;
    }

    /** The test behind {@link #pendingUploads}, for stores that pre-filter with a query. */
    static boolean isPendingUploadIn(LocalMessage m, long folderId) {
        boolean remoteHere = m.remote().isPresent() && m.remote().get().folderId() == folderId;
        return (m.needsAppend() && m.folderId() == folderId)
                || (remoteHere && (m.hasFlagChange() || m.hasPendingMove() || m.hasPendingDelete()));
    }

    Optional<LocalMessage> message(long localId) throws SyncException;

    /** The message the store maps to {@code uid} in the folder, if any. */
    Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException;

    /**
     * The stored content (the header section only for a header-only item). A file-backed result stays valid while the
     * message exists; read it before deleting the message.
     */
    Optional<RawMessage> content(long localId) throws SyncException;

    /** The account's open intents, oldest first. */
    List<Intent> openIntents(AccountId account) throws SyncException;

    Optional<Intent> intent(long intentId) throws SyncException;

    /** The account's Outbox, in submission order. */
    List<OutboxRecord> outbox(AccountId account) throws SyncException;

    Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException;

    Optional<RawMessage> outboxContent(OutboxId id) throws SyncException;
}
