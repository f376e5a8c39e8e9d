package org.backsync.core.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a message that failed for now is tried again (CONTRACT 6.2, DECISION kept): {@code initial} after the first
 * failure, doubled per attempt up to {@code max}, each delay moved by up to {@code jitter} either way so that many
 * waiting messages do not wake together; after {@code maxAttempts} attempts the message is {@code FAILED}.
 */
public record Backoff(Duration initial, Duration max, double jitter, int maxAttempts) {
    /** 1 minute doubling to 1 hour, 20% jitter, 8 attempts. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), 0.2, 8);

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter not in [0, 1): " + jitter);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
    }

    /** The wait after attempt number {@code attempts} (1 for the first) failed. */
    Duration delay(int attempts, RandomGenerator random) {
        long base = initial.toMillis();
        for (int i = 1; i < attempts && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(base * factor));
    }
}
