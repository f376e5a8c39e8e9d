package org.backsync.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What changed in a folder on the server since a known {@link FolderSyncState}.
 *
 * <ul>
 *   <li>{@link Kind#UNCHANGED}: STATUS matched the known state; the folder was not selected (B41). {@code messages}
 *       and {@code vanished} are empty.
 *   <li>{@link Kind#INCREMENTAL}: with QRESYNC/CONDSTORE, {@code messages} holds every message new or changed since
 *       the known HIGHESTMODSEQ, and {@code vanished} every UID expunged since.
 *   <li>{@link Kind#FULL}: {@code messages} holds every message in the folder (UID and flags at least); a known UID
 *       absent from it was expunged. {@code vanished} is empty. Used without CONDSTORE, on first contact, and after a
 *       UIDVALIDITY change ({@code uidValidityChanged}), in which case every entry carries size, INTERNALDATE and
 *       Message-ID so that local items can be re-mapped (CONTRACT 5.2).
 * </ul>
 *
 * New messages (UID at or above the known UIDNEXT) carry size, INTERNALDATE and Message-ID, except on first contact
 * (no known state): there every message is new, the entries may carry UID, flags and MODSEQ only, and the rest comes
 * with each fetched message ({@link FetchedMessage#meta()}), which saves a metadata pass over the whole folder.
 */
public record FolderChanges(
        Kind kind, FolderStatus status, List<RemoteMessage> messages, Set<Uid> vanished, boolean uidValidityChanged) {
    public enum Kind {
        UNCHANGED,
        INCREMENTAL,
        FULL
    }

    public FolderChanges {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        messages = List.copyOf(messages);
        vanished = Set.copyOf(vanished);
    }

    public static FolderChanges unchanged(FolderStatus status) {
        return new FolderChanges(Kind.UNCHANGED, status, List.of(), Set.of(), false);
    }
}
