package org.backsync.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A folder's STATUS: UIDVALIDITY, UIDNEXT, message count, HIGHESTMODSEQ (with CONDSTORE) and total size (with
 * STATUS=SIZE, else {@code -1}).
 */
public record FolderStatus(
        UidValidity uidValidity, Uid uidNext, long messages, Optional<ModSeq> highestModSeq, long size) {
    public FolderStatus {
        Objects.requireNonNull(uidValidity, "uidValidity");
        Objects.requireNonNull(uidNext, "uidNext");
        Objects.requireNonNull(highestModSeq, "highestModSeq");
    }

    /** The sync state this status would leave behind once every change up to it is applied. */
    public FolderSyncState toSyncState() {
        return new FolderSyncState(uidValidity, uidNext, highestModSeq);
    }
}
