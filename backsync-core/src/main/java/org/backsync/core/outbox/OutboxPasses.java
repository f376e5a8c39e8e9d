package org.backsync.core.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.AccountId;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs send passes on the injected executor: at most one per account at a time, triggers during a pass coalesced into
 * one more pass, and the timer set for the wake-up each pass asks for. No lock: per account, {@code running} is
 * claimed by compare-and-set and {@code again}/{@code flush} are flags any thread may raise.
 */
final class OutboxPasses {
    private static final Logger log = LoggerFactory.getLogger(OutboxPasses.class);

    @FunctionalInterface
    interface Pass {
        Optional<Instant> run(AccountId account, boolean flush) throws SyncException;
    }

    private static final class Run {
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicBoolean again = new AtomicBoolean();
        final AtomicBoolean flush = new AtomicBoolean();
        final AtomicReference<OutboxTimer.Wakeup> wakeup = new AtomicReference<>();
    }

    private final OutboxSetup setup;
    private final Pass pass;
    private final Map<AccountId, Run> runs = new ConcurrentHashMap<>();

    OutboxPasses(OutboxSetup setup, Pass pass) {
        this.setup = setup;
        this.pass = pass;
    }

    void trigger(AccountId account, boolean flush) {
        Run run = runs.computeIfAbsent(account, a -> new Run());
        if (flush) {
            run.flush.set(true);
        }
        run.again.set(true);
        if (run.running.compareAndSet(false, true)) {
            setup.executor().execute(() -> drain(account, run));
        }
    }

    private void drain(AccountId account, Run run) {
        try {
            while (run.again.getAndSet(false)) {
                Optional<Instant> wake = runOnce(account, run.flush.getAndSet(false));
                schedule(account, run, wake);
            }
        } finally {
            run.running.set(false);
        }
        if (run.again.get() && run.running.compareAndSet(false, true)) {
            setup.executor().execute(() -> drain(account, run)); // a trigger raced with the end of the loop
        }
    }

    /** The sender's boundary: a failure here is logged once and retried after the initial backoff. */
    private Optional<Instant> runOnce(AccountId account, boolean flush) {
        try {
            return pass.run(account, flush);
        } catch (SyncException e) {
            log.warn("account {}: Outbox pass stopped: {} ({})", account, e.getMessage(), e.status());
        } catch (RuntimeException e) {
            log.error("account {}: Outbox pass failed unexpectedly", account, e);
        }
        return Optional.of(setup.clock().instant().plus(setup.backoff().initial()));
    }

    private void schedule(AccountId account, Run run, Optional<Instant> wake) {
        OutboxTimer.Wakeup next = wake.map(at -> setup.timer().wakeAt(at, () -> trigger(account, false)))
                .orElse(null);
        OutboxTimer.Wakeup previous = run.wakeup.getAndSet(next);
        if (previous != null) {
            previous.cancel();
        }
    }
}
