package org.backsync;

/**
 * Where an Outbox message stands (CONTRACT 6.2).
 *
 * <pre>
 * QUEUED  --transport picks it--> SENDING --250--> SENT (final)
 *    |                               |--4xx / I/O--> QUEUED with backoff
 *    |--hold()--> HELD               |--5xx, all refused, retries used up--> FAILED
 * FAILED, HELD --retry()--> QUEUED
 * </pre>
 */
public enum OutboxState {
    /** Waiting to be sent; after a failure it has a next-attempt time. */
    QUEUED,
    /** An SMTP transaction is under way; edits are refused with {@link Status#BUSY}. */
    SENDING,
    /** Accepted for at least one recipient; outcomes are kept per recipient. Final. */
    SENT,
    /** A permanent failure, all recipients refused, or retries used up; the reason is the server's reply. */
    FAILED,
    /** Kept back by the user, by an edit, by failed validation, or because delivery is uncertain. */
    HELD
}
