package org.backsync.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.backsync.Progress;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.engine.StatusSnapshot.PhaseRow;
import org.jspecify.annotations.Nullable;

/** One phase row, immutable; replaced on every report. The rate for the ETA is measured from {@code begun}. */
record BoardRow(
        SyncTee owner,
        Progress latest,
        String text,
        Instant begun,
        Instant updated,
        long startIndex,
        long startBytes,
        Optional<Status> finished) {

    static BoardRow next(@Nullable BoardRow old, SyncTee tee, Progress p, Instant now) {
        if (old == null || old.owner != tee) {
            String text = p.text() == null ? "" : p.text();
            return new BoardRow(tee, p, text, now, now, p.index(), p.bytesDone(), Optional.empty());
        }
        String text = p.text() == null ? old.text : p.text();
        return new BoardRow(tee, p, text, old.begun, now, old.startIndex, old.startBytes, old.finished);
    }

    BoardRow finish(SyncResult r) {
        return new BoardRow(owner, latest, text, begun, updated, startIndex, startBytes, Optional.of(r.status()));
    }

    PhaseRow view() {
        Progress p = latest;
        return new PhaseRow(
                p.phase(), owner.id(), text, p.index(), p.max(), p.bytesDone(), p.bytesTotal(), eta(), finished);
    }

    /** Remaining work divided by the rate since the phase began, as of the last report. */
    Optional<Duration> eta() {
        if (finished.isPresent()) {
            return Optional.empty();
        }
        Progress p = latest;
        boolean byBytes = p.bytesTotal() > 0;
        long total = byBytes ? p.bytesTotal() : p.max();
        long done = byBytes ? p.bytesDone() : p.index();
        long moved = done - (byBytes ? startBytes : startIndex);
        if (total <= 0) {
            return Optional.empty();
        }
        if (done >= total) {
            return Optional.of(Duration.ZERO);
        }
        long millis = Duration.between(begun, updated).toMillis();
        if (moved <= 0 || millis <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((double) (total - done) * millis / moved)));
    }
}
