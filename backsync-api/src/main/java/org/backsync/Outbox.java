package org.backsync;

/**
 * The local Outbox of an engine (CONTRACT 6). Messages wait here and a transport sends them; a sync never sends and
 * never uploads the Outbox. Every method returns at once and is thread-safe.
 */
public interface Outbox {
    /**
     * Validates and stores {@code message} in one transaction, adding a Message-ID if it has none. A message that
     * fails validation (no From, no recipient, a malformed address, larger than the server's SIZE limit) is stored
     * {@link OutboxState#HELD} with the reason, never dropped.
     */
    OutboxId submit(AccountId account, RawMessage message);

    /**
     * The message's current state.
     *
     * @throws IllegalArgumentException if there is no such message
     */
    OutboxEntry entry(OutboxId id);

    /** Keeps a queued message back. A message being sent cannot be held: that throws {@link IllegalStateException}. */
    void hold(OutboxId id);

    /** Puts a {@code FAILED} or {@code HELD} message back in the queue and resets its attempt count. */
    void retry(OutboxId id);

    /** Sends the account's queued messages now, ignoring their backoff: the on-demand send. */
    void flush(AccountId account);
}
