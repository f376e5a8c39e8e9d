package org.backsync.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One journal row: an {@link IntentSpec} with its id, state and bookkeeping. {@code dataComplete} is set by the SMTP
 * transport just before the end-of-data marker (CONTRACT 6.3). {@code detail} holds the outcome: the new UID, the
 * server's NO text, or how reconciliation decided. Closed intents are kept for diagnostics and pruned by age.
 */
public record Intent(
        long id,
        IntentSpec spec,
        IntentState state,
        boolean dataComplete,
        int attempts,
        Optional<String> detail,
        Instant created,
        Optional<Instant> closed) {
    public Intent {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(closed, "closed");
    }

    public IntentKind kind() {
        return spec.kind();
    }

    public boolean isOpen() {
        return state == IntentState.OPEN;
    }
}
