package org.backsync.engine;

import java.time.Duration;
import org.backsync.Status;
import org.backsync.engine.config.EngineConfig;

/**
 * What the scheduler does after a sync ends, by the status's retry class ({@link Status#retry()}).
 *
 * <ul>
 *   <li>{@code NONE} ({@code OK}, {@code CONFLICT}, {@code CANCELLED}): nothing to retry; the failure count resets.
 *   <li>{@code LATER} (network errors, {@code BUSY}, {@code PARTIAL}, ...): retry the same background request after
 *       {@code retryFirst}, doubled per consecutive failure up to {@code retryMax}. No jitter: one engine talks to a
 *       server, so there is no herd to spread, and tests stay exact.
 *   <li>{@code NEVER}: {@code LOGON_FAILED} and {@code CORRUPT_STORE} block the account's background syncs until its
 *       configuration changes (no retry storm against a server that refuses the password); {@code NOT_FOUND} drops
 *       the request and leaves the account alone.
 * </ul>
 */
record RetryPolicy(Duration first, Duration max) {
    static RetryPolicy of(EngineConfig.Limits limits) {
        return new RetryPolicy(limits.retryFirst(), limits.retryMax());
    }

    /** The wait before the next attempt after {@code failures} consecutive failures (1 for the first). */
    Duration delay(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long millis = first.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** True when {@code status} stops the account's background syncs until its configuration changes. */
    static boolean blocksAccount(Status status) {
        return status == Status.LOGON_FAILED || status == Status.CORRUPT_STORE;
    }
}
