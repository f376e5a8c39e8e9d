package org.backsync.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.RawMessage;

/**
 * The changes one write transaction may make. Everything done through one instance commits together or not at all;
 * the instance is valid only inside {@link MessageStore#write} and only on its thread.
 *
 * <p>Failures: a missing id throws {@code NOT_FOUND} at the scope of the object; a store that cannot be written
 * throws {@code CORRUPT_STORE} at {@code ACCOUNT} scope. Either way the transaction is rolled back.
 */
public interface StoreTransaction extends StoreReader {
    /** Adds the account if it is new; idempotent. */
    void ensureAccount(AccountId account) throws SyncException;

    /** Records ({@code present}) or forgets a quirk of the account's server, adding the account if new; idempotent. */
    void setQuirk(AccountId account, ServerQuirk quirk, boolean present) throws SyncException;

    /**
     * Adds a folder. {@code pending} is {@code NONE} for a folder seen on the server and {@code CREATE} for one created
     * locally. Throws {@code BUSY}/{@code FOLDER} if a visible folder has that path already.
     */
    LocalFolder addFolder(
            AccountId account,
            FolderPath path,
            Optional<SpecialUse> specialUse,
            boolean subscribed,
            LocalFolder.Pending pending)
            throws SyncException;

    /**
     * Renames a folder and every folder below it. {@code local} true: a user's rename, pending upload (the remote path
     * stays); false: a server rename applied locally (remote path follows). Messages keep their ids and content.
     */
    void renameFolder(long folderId, FolderPath newPath, boolean local) throws SyncException;

    /** Marks a folder deleted locally, pending upload; it disappears from users' view at once. */
    void markFolderDeleted(long folderId) throws SyncException;

    /** Removes a folder, its sync state and its messages for good: after a server-acknowledged or a remote delete. */
    void removeFolder(long folderId) throws SyncException;

    /** The server agreed: clears the pending hierarchy change and sets the remote path to the local path. */
    void clearFolderPending(long folderId) throws SyncException;

    void setSpecialUse(long folderId, Optional<SpecialUse> specialUse) throws SyncException;

    /** Records the server state up to which every change has been applied; empty forgets it (forces a full scan). */
    void setSyncState(long folderId, Optional<FolderSyncState> state) throws SyncException;

    /** Inserts a message and returns its new local id; the content is copied before this returns. */
    long insertMessage(long folderId, NewMessage message) throws SyncException;

    /** Sets the local flags: a user's change, pending upload when it differs from the base. */
    void setFlags(long localId, Flags flags) throws SyncException;

    /** The server's flags were applied or agreed: sets local flags, base flags and MODSEQ together. */
    void setSyncedFlags(long localId, Flags flags, Flags base, Optional<ModSeq> modSeq) throws SyncException;

    /** Moves the message where users see it; a pending move when its remote folder differs. */
    void moveLocal(long localId, long toFolderId) throws SyncException;

    /** Marks the message deleted locally: hidden from users, pending a server delete (or removed if never uploaded). */
    void markDeleted(long localId) throws SyncException;

    /** Sets or clears where the message is on the server (after APPEND, MOVE, or a UIDVALIDITY re-map). */
    void setRemote(long localId, Optional<RemoteRef> remote) throws SyncException;

    /** Records the tracking header written into a message for a server without UIDPLUS. */
    void setTrackingId(long localId, String trackingId, RawMessage rewritten) throws SyncException;

    /** Removes a message for good (server expunge applied, or a delete acknowledged). */
    void removeMessage(long localId) throws SyncException;

    /**
     * Promotion: replaces a header-only item's content with the full message in place; the local id, flags and
     * pending changes stay. The content is copied before this returns.
     */
    void replaceContent(long localId, RawMessage full) throws SyncException;

    /** Opens a journal intent; it is committed with the rest of this transaction. Returns the intent id. */
    long openIntent(IntentSpec spec, Instant now) throws SyncException;

    /** Closes an open intent as {@code APPLIED} or {@code NOT_APPLIED} with a detail for diagnostics. */
    void closeIntent(long intentId, IntentState outcome, String detail, Instant now) throws SyncException;

    /** Counts a failed attempt of an intent that stays open. */
    void recordAttempt(long intentId, String error) throws SyncException;

    /** Marks an {@code SMTP_SEND} intent's data phase complete (CONTRACT 6.3 step 2). */
    void markDataComplete(long intentId) throws SyncException;

    /** Deletes closed intents closed before {@code before}; returns how many. */
    int pruneIntents(Instant before) throws SyncException;

    /** Stores a message in the Outbox with its initial entry; the entry's id is assigned here and returned. */
    OutboxId addToOutbox(OutboxEntry entry, String from, List<String> recipients, RawMessage content)
            throws SyncException;

    /** Replaces an Outbox message's entry (state, reason, attempts, next attempt, recipients). */
    void updateOutbox(OutboxEntry entry) throws SyncException;

    /**
     * Takes the folder lease for {@code owner} until {@code until}, if no other owner holds an unexpired one (R18).
     * Returns true when this owner holds it afterwards.
     */
    boolean tryLease(AccountId account, String owner, Instant now, Instant until) throws SyncException;

    void releaseLease(AccountId account, String owner) throws SyncException;
}
