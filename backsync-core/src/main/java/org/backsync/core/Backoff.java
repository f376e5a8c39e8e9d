package org.backsync.core;

import java.time.Duration;

/**
 * How long to wait before reconnect attempt {@code attempt} (1-based) after a transient failure (R20). Injected so
 * that tests do not wait.
 */
@FunctionalInterface
public interface Backoff {
    /** Waits before attempt {@code attempt}; an interrupt means cancel. */
    void pause(int attempt) throws InterruptedException;

    /** No wait at all: for tests. */
    Backoff NONE = attempt -> {};

    /** {@code base} doubled per attempt, at most {@code max}, on the calling (virtual) thread. */
    static Backoff exponential(Duration base, Duration max) {
        return attempt -> {
            long millis = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
            Thread.sleep(millis);
        };
    }
}
