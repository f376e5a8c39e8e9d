package org.backsync.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives a {@link SendReceiveScheduler} in real time: one daemon thread calls {@link SendReceiveScheduler#tick()}
 * every {@code period} (one second by default, the granularity of group intervals). Everything else the scheduler
 * does happens at once, on the thread of the event that caused it.
 */
public final class SchedulerLoop implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backsync-scheduler");
        t.setDaemon(true);
        return t;
    });

    public SchedulerLoop(SendReceiveScheduler scheduler, Duration period) {
        timer.scheduleWithFixedDelay(scheduler::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public SchedulerLoop(SendReceiveScheduler scheduler) {
        this(scheduler, Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
