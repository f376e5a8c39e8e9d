package org.backsync.engine.push;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push for one folder of one account: IDLE, and on each change a background download of the folder (CONTRACT 5.5).
 *
 * <pre>
 * CONNECTING --open ok--> ACTIVE --change--> (queue a sync) --> ACTIVE
 *                          ACTIVE --cycle ends, DONE answered--> ACTIVE   (IDLE re-issued every cycle)
 *                          ACTIVE --TIMEOUT / connection lost--> RECONNECTING --backoff--> CONNECTING
 * RECONNECTING x maxFailures in a row --> POLLING: the groups' schedule covers the folder; push retried after renew
 * LOGON_FAILED or NOT_FOUND --> OFF (no retry: the configuration or the server must change)
 * </pre>
 *
 * <p>The watchdog: each IDLE lasts at most {@code cycle = min(renew, watchdog / 2)} and DONE must be answered within
 * {@code watchdog / 2}, so a silent connection is noticed within {@code watchdog} and IDLE is re-issued long before
 * RFC 2177's 29 minutes. After a reconnect the folder is synced once, for what changed while nobody watched.
 */
final class FolderWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FolderWatch.class);

    private final AccountId account;
    private final FolderPath folder;
    private final PushChannel.Factory channels;
    private final EngineConfig.Push settings;
    private final PushEvents events;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<@Nullable PushChannel> current = new AtomicReference<>();
    private PushState state = PushState.OFF;

    record Setup(
            PushChannel.Factory channels,
            EngineConfig.Push settings,
            PushEvents events,
            Sleeper sleeper,
            InstantSource clock) {}

    FolderWatch(AccountId account, FolderPath folder, Setup setup) {
        this.account = account;
        this.folder = folder;
        this.channels = setup.channels();
        this.settings = setup.settings();
        this.events = setup.events();
        this.sleeper = setup.sleeper();
        this.clock = setup.clock();
    }

    Duration cycle() {
        Duration half = settings.watchdog().dividedBy(2);
        return settings.renew().compareTo(half) < 0 ? settings.renew() : half;
    }

    Duration deadline() {
        return settings.watchdog().dividedBy(2);
    }

    @Override
    public void run() {
        int failures = 0;
        while (!stopped.get()) {
            try {
                watch(failures > 0);
            } catch (SyncException e) {
                if (stopped.get()) {
                    return;
                }
                if (e.status() == Status.LOGON_FAILED || e.status() == Status.NOT_FOUND) {
                    report(PushState.OFF, "push stopped: " + e.status() + ": " + e.getMessage());
                    return;
                }
                failures++;
                if (!pause(failures, e)) {
                    return;
                }
                if (failures >= settings.maxFailures()) {
                    failures = 0;
                }
            }
        }
    }

    /** Opens a channel and idles until it fails or the watch stops. */
    private void watch(boolean reconnected) throws SyncException {
        PushChannel ch = channels.open(account, folder);
        current.set(ch);
        try {
            if (stopped.get()) {
                return;
            }
            report(PushState.ACTIVE, "idling on " + folder);
            if (reconnected) {
                events.changed(account, folder);
            }
            while (!stopped.get()) {
                if (ch.await(cycle(), deadline())) {
                    log.debug("account {}: push: {} changed; queueing a download", account, folder);
                    events.changed(account, folder);
                }
            }
        } finally {
            current.set(null);
            ch.close();
        }
    }

    /** Reports the failure and waits before the next attempt; false if interrupted (the watch stops). */
    private boolean pause(int failures, SyncException e) {
        Duration wait;
        if (failures >= settings.maxFailures()) {
            report(
                    PushState.POLLING,
                    failures + " push failures in a row (last: " + e.status() + ": "
                            + e.getMessage() + "); polling on the schedule, push retried in "
                            + settings.renew().toMinutes()
                            + " min");
            wait = settings.renew();
        } else {
            report(
                    PushState.RECONNECTING,
                    e.status() + ": " + e.getMessage() + "; reconnecting (attempt " + failures + ")");
            wait = Duration.ofSeconds(1L << Math.min(failures - 1, 5));
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void report(PushState next, String detail) {
        if (next != state || next != PushState.ACTIVE) {
            log.debug("account {}: push on {}: {} -> {}: {}", account, folder, state, next, detail);
            state = next;
            events.health(account, new PushHealth(next, folder + ": " + detail, Optional.of(clock.instant())));
        }
    }

    /** Stops the watch: breaks a blocked IDLE. Never blocks. */
    void stop() {
        stopped.set(true);
        PushChannel ch = current.get();
        if (ch != null) {
            ch.abort();
        }
    }
}
