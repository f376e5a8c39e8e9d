package org.backsync.core;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The waiting syncs of one account and whether a worker is draining them. Every field and method is guarded by the
 * engine lock ({@link SyncEngine}); nothing here blocks or calls out.
 *
 * <p>Order (R17, B28): {@code ON_DEMAND} syncs wait ahead of every {@code BACKGROUND} sync, each group in arrival
 * order.
 */
final class AccountQueue {
    /** Guarded by the engine lock. */
    private final Deque<SyncJob> waiting = new ArrayDeque<>();
    /** Guarded by the engine lock: a worker task is draining this queue. */
    private boolean draining;

    void add(SyncJob job) {
        if (!job.isOnDemand()) {
            waiting.addLast(job);
            return;
        }
        Deque<SyncJob> background = new ArrayDeque<>();
        while (!waiting.isEmpty() && !waiting.peekLast().isOnDemand()) {
            background.addFirst(waiting.pollLast());
        }
        waiting.addLast(job);
        waiting.addAll(background);
    }

    boolean remove(SyncJob job) {
        return waiting.remove(job);
    }

    @Nullable
    SyncJob poll() {
        return waiting.pollFirst();
    }

    /** The first waiting {@code ON_DEMAND} sync, taken off the queue, or null: what a paused sync runs (R17). */
    @Nullable
    SyncJob pollOnDemand() {
        SyncJob head = waiting.peekFirst();
        return head != null && head.isOnDemand() ? waiting.pollFirst() : null;
    }

    /** Claims the worker role; true when the caller must start a worker. */
    boolean claimWorker() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    void releaseWorker() {
        draining = false;
    }
}
