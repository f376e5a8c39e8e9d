package org.backsync.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.backsync.AccountId;

/**
 * The whole validated configuration of an engine: a sealed value, built only by {@link ConfigLoader} (or tests), never
 * changed afterwards. A new file means a new {@code EngineConfig}, handed to the scheduler as a whole.
 *
 * @param dataDir where the SQLite store and staging files live
 * @param accounts by id, in file order
 * @param groups Send/Receive groups; a file without any gets one group {@code all}: every account, four
 *     directions, every 5 minutes
 */
public record EngineConfig(
        Path dataDir, Map<AccountId, AccountConfig> accounts, List<SendReceiveGroup> groups, Limits limits, Push push) {
    public EngineConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        accounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accounts));
        groups = List.copyOf(groups);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(push, "push");
    }

    /**
     * Connection caps and the retry schedule.
     *
     * @param maxConnectionsPerHost syncs running at once against one IMAP host, all accounts together
     * @param retryFirst the wait before the first retry after a {@code Retry.LATER} status; doubled per failure
     * @param retryMax the longest wait between retries
     */
    public record Limits(int maxConnectionsPerHost, Duration retryFirst, Duration retryMax) {
        public static final Limits DEFAULT = new Limits(4, Duration.ofSeconds(30), Duration.ofMinutes(30));

        public Limits {
            if (maxConnectionsPerHost < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost < 1: " + maxConnectionsPerHost);
            }
            if (retryFirst.isNegative() || retryFirst.isZero() || retryMax.compareTo(retryFirst) < 0) {
                throw new IllegalArgumentException("retry schedule " + retryFirst + ".." + retryMax);
            }
        }
    }

    /**
     * IDLE settings (CONTRACT 5.5).
     *
     * @param renew IDLE is ended and re-issued after this long; always below 29 minutes (RFC 2177)
     * @param watchdog a connection that does not answer DONE or NOOP within this long is rebuilt
     * @param maxFailures consecutive rebuild failures after which the account falls back to polling
     */
    public record Push(Duration renew, Duration watchdog, int maxFailures) {
        public static final Duration RFC_2177_LIMIT = Duration.ofMinutes(29);
        public static final Push DEFAULT = new Push(Duration.ofMinutes(25), Duration.ofSeconds(60), 3);

        public Push {
            if (renew.isNegative() || renew.isZero() || renew.compareTo(RFC_2177_LIMIT) >= 0) {
                throw new IllegalArgumentException("renew must be above 0 and below 29 minutes: " + renew);
            }
            if (watchdog.isNegative() || watchdog.isZero()) {
                throw new IllegalArgumentException("watchdog must be positive: " + watchdog);
            }
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures < 1: " + maxFailures);
            }
        }
    }
}
