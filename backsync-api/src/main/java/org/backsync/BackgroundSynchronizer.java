package org.backsync;

import java.util.Set;

/**
 * Starts syncs in the background: {@code IMAPISync} in Java. Thread-safe.
 *
 * <p>The one rule above all: {@link #synchronizeInBackground} returns at once (R1), and everything the caller learns
 * afterwards comes through the {@link SyncListener}: any number of progress and error reports, then exactly one done.
 */
public interface BackgroundSynchronizer extends AutoCloseable {
    /**
     * Accepts one sync and returns its handle without waiting for any network or store I/O (R1).
     *
     * @throws NullPointerException if {@code request} or {@code listener} is null; nothing starts
     * @throws IllegalArgumentException if the request names an account this engine does not know; nothing starts
     * @throws IllegalStateException after {@link #close()}; nothing starts
     */
    SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener);

    /**
     * Promotes header-only messages to full ones: an {@code ON_DEMAND} {@code DOWNLOAD_CONTENTS} sync limited to
     * {@code messages}, under every listener rule. A message that is already full is left alone; one that no longer
     * exists is reported as a {@code MESSAGE} error with {@link Status#NOT_FOUND}.
     *
     * @throws IllegalArgumentException if {@code messages} is empty or names another account
     */
    SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener);

    /** Cancels running and queued syncs, waits for their {@code done}, then rejects new ones. Idempotent. */
    @Override
    void close();
}
