package org.backsync.core.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.backsync.OutboxEntry;
import org.backsync.OutboxState;
import org.backsync.RecipientOutcome;

/** The state changes of an {@link OutboxEntry}, each a new value; the one place that builds changed entries. */
final class Entries {
    private Entries() {}

    static OutboxEntry sending(OutboxEntry e) {
        return new OutboxEntry(
                e.id(),
                e.account(),
                e.messageId(),
                OutboxState.SENDING,
                Optional.empty(),
                e.attempts() + 1,
                Optional.empty(),
                List.of(),
                e.submitted());
    }

    static OutboxEntry queued(OutboxEntry e, Optional<String> reason, Optional<Instant> next) {
        return with(e, OutboxState.QUEUED, reason, e.attempts(), next, e.recipients());
    }

    static OutboxEntry requeued(OutboxEntry e) {
        return with(e, OutboxState.QUEUED, Optional.empty(), 0, Optional.empty(), List.of());
    }

    static OutboxEntry held(OutboxEntry e, String reason) {
        return with(e, OutboxState.HELD, Optional.of(reason), e.attempts(), Optional.empty(), e.recipients());
    }

    static OutboxEntry failed(OutboxEntry e, String reason, List<RecipientOutcome> recipients) {
        return with(e, OutboxState.FAILED, Optional.of(reason), e.attempts(), Optional.empty(), recipients);
    }

    static OutboxEntry sent(OutboxEntry e, Optional<String> reason, List<RecipientOutcome> recipients) {
        return with(e, OutboxState.SENT, reason, e.attempts(), Optional.empty(), recipients);
    }

    private static OutboxEntry with(
            OutboxEntry e,
            OutboxState state,
            Optional<String> reason,
            int attempts,
            Optional<Instant> next,
            List<RecipientOutcome> recipients) {
        return new OutboxEntry(
                e.id(), e.account(), e.messageId(), state, reason, attempts, next, recipients, e.submitted());
    }
}
