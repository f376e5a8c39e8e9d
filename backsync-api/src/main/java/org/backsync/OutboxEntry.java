package org.backsync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one Outbox message: state, the reason for the state (the server's reply, a validation problem or
 * "delivery uncertain"), attempts made, the next attempt time while waiting for a retry, and per-recipient outcomes
 * once sent.
 */
public record OutboxEntry(
        OutboxId id,
        AccountId account,
        String messageId,
        OutboxState state,
        Optional<String> reason,
        int attempts,
        Optional<Instant> nextAttempt,
        List<RecipientOutcome> recipients,
        Instant submitted) {
    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(submitted, "submitted");
        recipients = List.copyOf(recipients);
    }
}
