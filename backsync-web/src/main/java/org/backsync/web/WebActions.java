package org.backsync.web;

import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.SyncId;

/**
 * What the Send/Receive page's buttons do; implemented by the host's engine. Each method is called on a web server
 * thread, once per accepted POST, and must return at once (start work, do not wait for it).
 *
 * <p>An {@link IllegalArgumentException} (unknown account, sync or message) is answered with 404 and an {@link
 * IllegalStateException} (for example holding a message that is being sent) with 409; the exception's message is
 * shown to the user, so it must not contain a secret.
 */
public interface WebActions {
    /** Starts an {@code ON_DEMAND} sync of every direction for {@code account} (R17: it runs first). */
    void syncNow(AccountId account);

    /** Cancels one sync (R19); returns false when no running sync has that id. */
    boolean cancel(SyncId sync);

    /** Cancels every running and queued sync. */
    void cancelAll();

    /** Stops starting new syncs until {@link #resume()}; running ones finish. */
    void pause();

    void resume();

    /** Puts a {@code FAILED} or {@code HELD} Outbox message back in the queue ({@link org.backsync.Outbox#retry}). */
    void outboxRetry(OutboxId id);

    /** Keeps a queued Outbox message back ({@link org.backsync.Outbox#hold}): the page's "cancel" for a message. */
    void outboxHold(OutboxId id);
}
