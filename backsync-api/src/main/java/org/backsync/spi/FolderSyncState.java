package org.backsync.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows of a folder on the server after the last complete download: UIDVALIDITY, UIDNEXT and
 * HIGHESTMODSEQ. Stored only after every change up to it has been applied locally, so a crash in between makes the
 * next sync fetch again rather than miss anything.
 */
public record FolderSyncState(UidValidity uidValidity, Uid uidNext, Optional<ModSeq> highestModSeq) {
    public FolderSyncState {
        Objects.requireNonNull(uidValidity, "uidValidity");
        Objects.requireNonNull(uidNext, "uidNext");
        Objects.requireNonNull(highestModSeq, "highestModSeq");
    }
}
