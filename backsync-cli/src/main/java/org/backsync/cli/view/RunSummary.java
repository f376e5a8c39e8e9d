package org.backsync.cli.view;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.Scope;
import org.backsync.Severity;
import org.backsync.Status;
import org.backsync.SyncResult;

/**
 * What one command run did, over all its syncs: the final status (R12 across syncs: {@code CANCELLED} first, then
 * the first account failure, then {@code PARTIAL}, else {@code OK}), messages up and down, Outbox messages sent, error
 * reports, elapsed time. Thread-safe: syncs of several accounts end on different threads.
 */
public final class RunSummary {
    private final InstantSource clock;
    private final Instant started;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.OK);
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    public RunSummary(InstantSource clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    public void add(SyncResult r) {
        up.addAndGet(r.counts().uploaded());
        down.addAndGet(r.counts().downloaded());
        errors.addAndGet(r.errors().stream().filter(e -> !e.isWarning()).count());
        status.accumulateAndGet(r.status(), RunSummary::worse);
    }

    /** A failure outside any sync (the Outbox, a missing folder) counts like an account-scope failure. */
    public void fail(Status s, Scope scope) {
        errors.incrementAndGet();
        status.accumulateAndGet(scope == Scope.ACCOUNT ? s : Status.PARTIAL, RunSummary::worse);
    }

    public void sent(long n) {
        sent.addAndGet(n);
    }

    public Status status() {
        return status.get();
    }

    public String line() {
        Duration elapsed = Duration.between(started, clock.instant());
        return String.format(
                Locale.ROOT,
                "sync done status=%s up=%d down=%d sent=%d errors=%d elapsed=%.1fs",
                status.get(),
                up.get(),
                down.get(),
                sent.get(),
                errors.get(),
                elapsed.toMillis() / 1000.0);
    }

    static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status s) {
        if (s == Status.CANCELLED) {
            return 4;
        }
        if (s.severity() == Severity.FAILURE) {
            return 3;
        }
        return s == Status.PARTIAL ? 2 : s == Status.OK ? 0 : 1;
    }
}
