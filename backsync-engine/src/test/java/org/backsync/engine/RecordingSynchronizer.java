package org.backsync.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.Counts;
import org.backsync.MessageKey;
import org.backsync.Status;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;

/**
 * A synchronizer that records each accepted request and ends it only when the test calls {@link Started#finish}: the
 * scheduler's view of an engine, with no threads.
 */
final class RecordingSynchronizer implements BackgroundSynchronizer {
    final class Started implements SyncHandle {
        final SyncRequest request;
        final SyncListener listener;
        final SyncId id = new SyncId(ids.incrementAndGet());
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean finished = new AtomicBoolean();

        Started(SyncRequest request, SyncListener listener) {
            this.request = request;
            this.listener = listener;
        }

        void finish(Status status) {
            if (!finished.compareAndSet(false, true)) {
                throw new IllegalStateException(id + " already finished");
            }
            listener.done(new SyncResult(id, status, Counts.ZERO, List.of(), Duration.ZERO));
        }

        @Override
        public SyncId id() {
            return id;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public CompletableFuture<SyncResult> result() {
            return new CompletableFuture<>();
        }
    }

    private final AtomicLong ids = new AtomicLong();
    final List<Started> started = new CopyOnWriteArrayList<>();

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener) {
        Started s = new Started(request, listener);
        started.add(s);
        return s;
    }

    @Override
    public SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener) {
        throw new UnsupportedOperationException("not used by the scheduler");
    }

    List<Started> running() {
        return started.stream().filter(s -> !s.finished.get()).toList();
    }

    Started last() {
        return started.getLast();
    }

    @Override
    public void close() {}
}
