package org.backsync;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The final outcome of one sync, as passed to {@link SyncListener#done} and to {@link SyncHandle#result()}.
 *
 * <p>{@code status} follows R12, first match wins: {@link Status#CANCELLED} if a cancel took effect; else the status
 * of the {@code ACCOUNT}-scope failure that stopped the sync ({@link Status#INTERNAL_ERROR} for an escaped exception);
 * else {@link Status#PARTIAL} if a {@code MESSAGE} or {@code FOLDER} failure was reported; else {@link Status#OK}.
 * {@code errors} holds every {@link SyncError} passed to {@code error()}, in call order.
 */
public record SyncResult(SyncId id, Status status, Counts counts, List<SyncError> errors, Duration elapsed) {
    public SyncResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(elapsed, "elapsed");
        errors = List.copyOf(errors);
    }
}
