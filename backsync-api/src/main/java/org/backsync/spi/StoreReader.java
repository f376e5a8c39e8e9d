package org.backsync.spi;

import java.util.List;
import java.util.Optional;
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

    /** The account's folders, pending deletes included, sorted by path. */
    List<LocalFolder> folders(AccountId account) throws SyncException;

    Optional<LocalFolder> folder(long folderId) throws SyncException;

    Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException;

    /**
     * Every message related to the folder: those users see in it ({@code folderId}) and those the server holds in it
     * ({@code remote.folderId}), pending moves and deletes included, sorted by local id.
     */
    List<LocalMessage> messages(long folderId) throws SyncException;

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
