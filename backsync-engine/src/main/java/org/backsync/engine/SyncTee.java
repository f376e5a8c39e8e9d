package org.backsync.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.jspecify.annotations.Nullable;

/**
 * A listener that records every report of one sync on a {@link StatusBoard}, then passes it to the caller's listener.
 * Made by {@link StatusBoard#tee}; give it to the engine in place of the caller's listener, then {@link #bind} the
 * returned handle so that the board knows the sync's id and can cancel it.
 *
 * <p>The board is updated first, with atomics only, and the wrapped listener is called after, holding no lock, even
 * if the update failed. An exception from the wrapped listener propagates to the engine unchanged (R8 applies there).
 * Listener calls of one sync never overlap (R6), which confines {@link #lastBytes} to them.
 */
public final class SyncTee implements SyncListener {
    private final StatusBoard board;
    private final SyncRequest request;
    private final SyncListener wrapped;
    private final Instant started;
    private final AtomicReference<@Nullable SyncHandle> handle = new AtomicReference<>();
    private final AtomicReference<@Nullable SyncId> id = new AtomicReference<>();
    private final AtomicBoolean done = new AtomicBoolean();
    /** bytesDone last seen per phase ordinal; touched only inside listener calls (R6). */
    private final long[] lastBytes = new long[Phase.values().length];

    SyncTee(StatusBoard board, SyncRequest request, SyncListener wrapped, Instant started) {
        this.board = board;
        this.request = request;
        this.wrapped = wrapped;
        this.started = started;
    }

    /** Tells the board this sync's handle; safe to call after {@code done} has already arrived. */
    public void bind(SyncHandle syncHandle) {
        handle.set(syncHandle);
        id.compareAndSet(null, syncHandle.id());
        board.started(this);
    }

    @Override
    public void progress(Progress progress) {
        try {
            board.started(this);
            long delta = progress.bytesDone() - lastBytes[progress.phase().ordinal()];
            lastBytes[progress.phase().ordinal()] =
                    Math.max(lastBytes[progress.phase().ordinal()], progress.bytesDone());
            board.progress(this, progress, delta);
        } finally {
            wrapped.progress(progress);
        }
    }

    @Override
    public void error(SyncError error) {
        try {
            board.started(this);
            board.error(this, error);
        } finally {
            wrapped.error(error);
        }
    }

    @Override
    public void done(SyncResult result) {
        try {
            id.compareAndSet(null, result.id());
            done.set(true);
            board.done(this, result);
        } finally {
            wrapped.done(result);
        }
    }

    /** The sync's id once the handle is bound or {@code done} has arrived. */
    public Optional<SyncId> id() {
        return Optional.ofNullable(id.get());
    }

    SyncRequest request() {
        return request;
    }

    Instant startedAt() {
        return started;
    }

    boolean isDone() {
        return done.get();
    }

    /** Cancels the sync through its handle; false while no handle is bound. Never blocks (R19). */
    boolean cancel() {
        SyncHandle h = handle.get();
        if (h == null) {
            return false;
        }
        h.cancel();
        return true;
    }
}
