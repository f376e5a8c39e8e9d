package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    /** A generator that always returns the same double: 0.5 is the middle, no jitter. */
    static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void theDelayStartsAtOneMinuteAndDoublesUpToOneHour() {
        Backoff testSubject = Backoff.DEFAULT;

        assertThat(testSubject.delay(1, fixed(0.5))).isEqualTo(Duration.ofMinutes(1));
        assertThat(testSubject.delay(2, fixed(0.5))).isEqualTo(Duration.ofMinutes(2));
        assertThat(testSubject.delay(4, fixed(0.5))).isEqualTo(Duration.ofMinutes(8));
        assertThat(testSubject.delay(7, fixed(0.5))).isEqualTo(Duration.ofHours(1));
        assertThat(testSubject.delay(30, fixed(0.5))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterMovesTheDelayByAtMostTwentyPercent() {
        assertThat(Backoff.DEFAULT.delay(1, fixed(0.0))).isEqualTo(Duration.ofSeconds(48));
        assertThat(Backoff.DEFAULT.delay(1, fixed(0.999999))).isBetween(Duration.ofSeconds(71), Duration.ofSeconds(72));
    }

    @Test
    void theDefaultsAreTheContractsDecision() {
        assertThat(Backoff.DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(Backoff.DEFAULT.jitter()).isEqualTo(0.2);
    }

    @Test
    void aBackoffThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofHours(1), 0.2, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), 0.2, 0))
                .hasMessageContaining("maxAttempts");
    }
}
