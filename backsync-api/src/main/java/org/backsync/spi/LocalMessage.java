package org.backsync.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message in the local store. Local changes waiting for upload are not kept in a separate queue: they are the
 * difference between this row's local view and its server view, as mbsync compares a message's state with its sync
 * base. That makes them impossible to lose between a change and its journaling.
 *
 * <ul>
 *   <li>{@code folderId}: where users see it. {@code remote}: where it is on the server, empty for a message created
 *       locally and not yet appended. {@code remote.folderId != folderId} means a pending move.
 *   <li>{@code flags}: the local flags. {@code baseFlags}: the flags both sides last agreed on (CONTRACT 4.6), empty
 *       before first contact. {@code flags != baseFlags} means a pending flag change.
 *   <li>{@code deleted}: deleted locally (hidden from users), pending a server delete.
 *   <li>{@code headerOnly}: only the header section is stored (MAPI's header item); promotion replaces the content in
 *       place and keeps the local id, flags and pending changes.
 *   <li>{@code trackingId}: the {@code X-Backsync-Id} written into the message for servers without UIDPLUS, or empty.
 * </ul>
 */
public record LocalMessage(
        long localId,
        long folderId,
        Optional<RemoteRef> remote,
        Optional<String> messageId,
        Instant internalDate,
        long size,
        Flags flags,
        Optional<Flags> baseFlags,
        Optional<ModSeq> modSeq,
        boolean headerOnly,
        boolean deleted,
        Optional<String> trackingId) {
    public LocalMessage {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(baseFlags, "baseFlags");
        Objects.requireNonNull(modSeq, "modSeq");
        Objects.requireNonNull(trackingId, "trackingId");
    }

    /** Created locally and not yet on the server. */
    public boolean needsAppend() {
        return remote.isEmpty() && !deleted;
    }

    /** On the server, with local flags that differ from the agreed base. */
    public boolean hasFlagChange() {
        return remote.isPresent() && !deleted && !flags.equals(baseFlags.orElse(Flags.NONE));
    }

    /** On the server in another folder than the one users see it in. */
    public boolean hasPendingMove() {
        return remote.isPresent() && !deleted && remote.get().folderId() != folderId;
    }

    /** Deleted locally while it is still on the server. */
    public boolean hasPendingDelete() {
        return remote.isPresent() && deleted;
    }
}
