package org.backsync.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;

/**
 * What an intent is about, in typed fields; which fields a kind uses is said on {@link IntentKind}. Paths are the
 * server-side names at the time the intent was opened, so that reconciliation needs no other state.
 */
public record IntentSpec(
        AccountId account,
        IntentKind kind,
        Optional<Long> folderId,
        Optional<FolderPath> folderPath,
        Optional<Long> targetFolderId,
        Optional<FolderPath> targetPath,
        List<Long> localIds,
        List<Uid> uids,
        Flags addFlags,
        Flags removeFlags,
        Optional<String> messageId,
        Optional<String> trackingId,
        Optional<Uid> uidNextSeen,
        Optional<UidValidity> uidValidity,
        Optional<Long> outboxId) {
    public IntentSpec {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(folderId, "folderId");
        Objects.requireNonNull(folderPath, "folderPath");
        Objects.requireNonNull(targetFolderId, "targetFolderId");
        Objects.requireNonNull(targetPath, "targetPath");
        localIds = List.copyOf(localIds);
        uids = List.copyOf(uids);
        Objects.requireNonNull(addFlags, "addFlags");
        Objects.requireNonNull(removeFlags, "removeFlags");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(uidNextSeen, "uidNextSeen");
        Objects.requireNonNull(uidValidity, "uidValidity");
        Objects.requireNonNull(outboxId, "outboxId");
    }

    /** A spec of {@code kind} with every optional field empty; fill it with the {@code with*} methods. */
    public static IntentSpec of(AccountId account, IntentKind kind) {
        return new IntentSpec(
                account,
                kind,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Flags.NONE,
                Flags.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public IntentSpec withFolder(long id, FolderPath path) {
        return new IntentSpec(
                account,
                kind,
                Optional.of(id),
                Optional.of(path),
                targetFolderId,
                targetPath,
                localIds,
                uids,
                addFlags,
                removeFlags,
                messageId,
                trackingId,
                uidNextSeen,
                uidValidity,
                outboxId);
    }

    public IntentSpec withTarget(Optional<Long> id, FolderPath path) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                id,
                Optional.of(path),
                localIds,
                uids,
                addFlags,
                removeFlags,
                messageId,
                trackingId,
                uidNextSeen,
                uidValidity,
                outboxId);
    }

    public IntentSpec withMessages(List<Long> ids, List<Uid> uidList) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                targetFolderId,
                targetPath,
                ids,
                uidList,
                addFlags,
                removeFlags,
                messageId,
                trackingId,
                uidNextSeen,
                uidValidity,
                outboxId);
    }

    public IntentSpec withFlags(Flags add, Flags remove) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                targetFolderId,
                targetPath,
                localIds,
                uids,
                add,
                remove,
                messageId,
                trackingId,
                uidNextSeen,
                uidValidity,
                outboxId);
    }

    public IntentSpec withIdentity(Optional<String> msgId, Optional<String> tracking) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                targetFolderId,
                targetPath,
                localIds,
                uids,
                addFlags,
                removeFlags,
                msgId,
                tracking,
                uidNextSeen,
                uidValidity,
                outboxId);
    }

    public IntentSpec withServerState(Optional<Uid> uidNext, Optional<UidValidity> validity) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                targetFolderId,
                targetPath,
                localIds,
                uids,
                addFlags,
                removeFlags,
                messageId,
                trackingId,
                uidNext,
                validity,
                outboxId);
    }

    public IntentSpec withOutbox(long id) {
        return new IntentSpec(
                account,
                kind,
                folderId,
                folderPath,
                targetFolderId,
                targetPath,
                localIds,
                uids,
                addFlags,
                removeFlags,
                messageId,
                trackingId,
                uidNextSeen,
                uidValidity,
                Optional.of(id));
    }
}
