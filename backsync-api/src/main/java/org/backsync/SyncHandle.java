package org.backsync;

import java.util.concurrent.CompletableFuture;

/**
 * The caller's handle on one accepted sync; stands in for MAPI's done event. Thread-safe.
 */
public interface SyncHandle {
    SyncId id();

    /**
     * Asks the sync to stop (R19). Never blocks, may be called any number of times from any thread, and does nothing
     * after {@code done}. The sync stops at its next checkpoint, leaving every journal intent either closed or open
     * for reconciliation, and ends with one {@code done(CANCELLED)}. A sync cancelled while queued gets only {@code
     * done(CANCELLED)} and never contacts the server.
     */
    void cancel();

    /**
     * A new future on every call (R9): it completes after {@code done} has returned or thrown, with the same value,
     * and never completes exceptionally. Completing or cancelling one copy affects neither the sync nor other copies.
     */
    CompletableFuture<SyncResult> result();
}
