package org.backsync.core.outbox;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the sender when a waiting message's next attempt is due. Injected, so tests move a fake clock and fire the
 * due wake-ups themselves instead of waiting.
 */
@FunctionalInterface
public interface OutboxTimer {
    /** A scheduled wake-up that can be withdrawn. */
    @FunctionalInterface
    interface Wakeup {
        void cancel();
    }

    /** Runs {@code action} once, at or after {@code at}; thread-safe. */
    Wakeup wakeAt(Instant at, Runnable action);

    /** A timer on a scheduled executor, measuring the delay with {@code clock}. */
    static OutboxTimer on(ScheduledExecutorService scheduler, InstantSource clock) {
        return (at, action) -> {
            long delay = Math.max(0, at.toEpochMilli() - clock.millis());
            ScheduledFuture<?> f = scheduler.schedule(action, delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
