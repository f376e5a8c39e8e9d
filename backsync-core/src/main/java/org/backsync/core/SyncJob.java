package org.backsync.core;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.Priority;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.MailProvider;
import org.jspecify.annotations.Nullable;

/**
 * One accepted sync and its handle.
 *
 * <pre>
 * QUEUED --picked by the account's worker, or by a paused BACKGROUND sync--> RUNNING --> FINISHED
 * QUEUED --cancel()--> FINISHED (done(CANCELLED) from an engine task, no server contact)
 * </pre>
 *
 * The state is guarded by the engine lock; the cancel flag and the active connection are atomics written by the
 * running thread and read by {@link #cancel()} from any thread.
 */
final class SyncJob implements SyncHandle {
    enum State {
        QUEUED,
        RUNNING,
        FINISHED
    }

    private final SyncEngine engine;
    private final SyncId id;
    private final SyncRequest request;
    private final Set<Long> promoteOnly;
    private final Optional<SyncError> firstError;
    private final ListenerDispatch dispatch;
    private final Instant accepted;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<@Nullable MailProvider> connection = new AtomicReference<>();
    private final Set<MailProvider> fetchConnections = new CopyOnWriteArraySet<>();
    /** Guarded by the engine lock. */
    private State state = State.QUEUED;

    SyncJob(SyncEngine engine, SyncId id, Spec spec, ListenerDispatch dispatch, Instant accepted) {
        this.engine = engine;
        this.id = id;
        this.request = spec.request();
        this.promoteOnly = spec.promoteOnly();
        this.firstError = spec.firstError();
        this.dispatch = dispatch;
        this.accepted = accepted;
    }

    /** What was asked: the request, the messages of a {@code fetchFull}, an error to report first (UNKNOWN_FLAGS). */
    record Spec(SyncRequest request, Set<Long> promoteOnly, Optional<SyncError> firstError) {
        Spec {
            promoteOnly = Set.copyOf(promoteOnly);
        }

        static Spec of(SyncRequest request) {
            return new Spec(request, Set.of(), Optional.empty());
        }
    }

    @Override
    public SyncId id() {
        return id;
    }

    @Override
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            engine.cancel(this);
        }
    }

    @Override
    public CompletableFuture<SyncResult> result() {
        return dispatch.result();
    }

    SyncRequest request() {
        return request;
    }

    boolean isOnDemand() {
        return request.priority() == Priority.ON_DEMAND;
    }

    Set<Long> promoteOnly() {
        return promoteOnly;
    }

    Optional<SyncError> firstError() {
        return firstError;
    }

    ListenerDispatch dispatch() {
        return dispatch;
    }

    Instant accepted() {
        return accepted;
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /** The connection the running sync uses now, so that {@link #cancel()} can abort a blocked call. */
    AtomicReference<@Nullable MailProvider> connection() {
        return connection;
    }

    /** The extra connections of the bulk download ({@link FetchWorkers}), so that {@link #cancel()} aborts them too. */
    Set<MailProvider> fetchConnections() {
        return fetchConnections;
    }

    State state() {
        return state;
    }

    void state(State s) {
        state = s;
    }
}
