package org.backsync.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sync's reports to its {@link SyncListener} under the listener rules: exactly one {@code done}, last
 * (R4, R5); no lock and no store transaction held during a call (R7, asserted); a throwing listener logged once at
 * WARN and ignored (R8); the result future completed after {@code done} returned, never exceptionally, a fresh copy
 * per {@link #result()} call (R9); progress throttled to about ten calls a second, but a call with text, a call that
 * revises a total, and the call that reaches {@code index == max} always go through (R13, R14).
 *
 * <p>Threads: every call for one sync is made by the one thread that runs it (or, for a sync cancelled while queued,
 * by the one task that reports its {@code done}), so calls never overlap (R6); the executor hand-off between
 * submission and run gives the happens-before edge.
 */
final class ListenerDispatch {
    private static final Logger log = LoggerFactory.getLogger(ListenerDispatch.class);
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);

    private final SyncId id;
    private final SyncListener listener;
    private final InstantSource clock;
    private final ReentrantLock engineLock;
    private final BooleanSupplier inTransaction;
    private final AtomicBoolean doneStarted = new AtomicBoolean();
    private final CompletableFuture<SyncResult> result = new CompletableFuture<>();
    // Confined to the reporting thread:
    private final List<SyncError> errors = new ArrayList<>();
    private boolean warned;
    private @Nullable Instant lastProgress;
    private @Nullable Progress lastDelivered;

    ListenerDispatch(
            SyncId id,
            SyncListener listener,
            InstantSource clock,
            ReentrantLock engineLock,
            BooleanSupplier inTransaction) {
        this.id = id;
        this.listener = listener;
        this.clock = clock;
        this.engineLock = engineLock;
        this.inTransaction = inTransaction;
    }

    void progress(Progress p) {
        if (doneStarted.get() || !shouldDeliver(p)) {
            return;
        }
        call("progress", () -> listener.progress(p));
    }

    void error(SyncError e) {
        if (doneStarted.get()) {
            return;
        }
        errors.add(e);
        call("error", () -> listener.error(e));
    }

    /** Every error reported so far, in call order. */
    List<SyncError> errors() {
        return List.copyOf(errors);
    }

    boolean isDone() {
        return doneStarted.get();
    }

    /** Calls {@code done} once, then completes the future; a second call does nothing. */
    void done(SyncResult r) {
        if (!doneStarted.compareAndSet(false, true)) {
            return;
        }
        call("done", () -> listener.done(r));
        assertNothingHeld();
        result.complete(r);
    }

    /** A new copy of the result future (R9). */
    CompletableFuture<SyncResult> result() {
        return result.copy();
    }

    private boolean shouldDeliver(Progress p) {
        Instant now = clock.instant();
        Progress last = lastDelivered;
        boolean due = last == null
                || lastProgress == null
                || p.phase() != last.phase()
                || p.text() != null
                || p.max() != last.max()
                || p.bytesTotal() != last.bytesTotal()
                || (p.max() > 0 && p.index() == p.max())
                || !now.isBefore(lastProgress.plus(PROGRESS_INTERVAL));
        if (due) {
            lastProgress = now;
            lastDelivered = p;
        }
        return due;
    }

    private void call(String method, Runnable call) {
        assertNothingHeld();
        try {
            call.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) { // R8: the listener-call catch-all, one of the two the style guide allows
            if (!warned) {
                warned = true;
                log.warn("listener of {} threw from {}; ignored (logged once per sync)", id, method, t);
            }
        }
    }

    private void assertNothingHeld() {
        assert !engineLock.isHeldByCurrentThread() : "engine lock held during a listener call (R7)";
        assert !inTransaction.getAsBoolean() : "store transaction open during a listener call (R7)";
    }
}
