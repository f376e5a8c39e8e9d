package org.backsync;

/** Identifies one message in the local Outbox. */
public record OutboxId(long value) {
    public OutboxId {
        if (value <= 0) {
            throw new IllegalArgumentException("outbox id <= 0: " + value);
        }
    }
}
