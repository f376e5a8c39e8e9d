package org.backsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncListener;
import org.backsync.SyncResult;

/**
 * Records every listener call of one sync and checks the listener rules as they happen: exactly one {@code done}, and
 * it is last (R4, R5); calls never overlap (R6); none is made while {@code heldCheck} says a lock or transaction is
 * held (R7); every phase opens with text, and {@code index}/{@code bytesDone} never go back or past a positive total
 * (R13, R14). A violation is recorded, never thrown into the engine, and {@link #awaitDone()} / {@link #assertRules()}
 * fail the test with all of them. An optional {@code inner} listener runs after recording, so a test can block or
 * throw from a call.
 *
 * <p>Thread-safe: the engine calls it from its threads while the test thread reads it.
 */
public final class RecordingSyncListener implements SyncListener {
    /** One recorded call, with the thread that made it. */
    public record Call(String method, Object argument, Thread thread) {}

    private final BooleanSupplier heldCheck;
    private final SyncListener inner;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private final CountDownLatch doneCalled = new CountDownLatch(1);
    private volatile boolean doneSeen;

    public RecordingSyncListener() {
        this(() -> false, SyncListener.NONE);
    }

    /** {@code heldCheck} returns true when the engine holds a lock or has a store transaction open on this thread. */
    public RecordingSyncListener(BooleanSupplier heldCheck) {
        this(heldCheck, SyncListener.NONE);
    }

    public RecordingSyncListener(BooleanSupplier heldCheck, SyncListener inner) {
        this.heldCheck = Objects.requireNonNull(heldCheck, "heldCheck");
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public void progress(Progress p) {
        enter("progress", p);
        try {
            checkProgress(p);
            inner.progress(p);
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void error(SyncError e) {
        enter("error", e);
        try {
            inner.error(e);
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void done(SyncResult r) {
        enter("done", r);
        doneSeen = true;
        try {
            inner.done(r);
        } finally {
            inside.decrementAndGet();
            doneCalled.countDown();
        }
    }

    private void enter(String method, Object argument) {
        if (inside.incrementAndGet() != 1) {
            violations.add("R6: " + method + " overlapped another call");
        }
        if (doneSeen) {
            violations.add("R4/R5: " + method + " after done");
        }
        if (heldCheck.getAsBoolean()) {
            violations.add("R7: " + method + " called while a lock or transaction is held");
        }
        calls.add(new Call(method, argument, Thread.currentThread()));
    }

    private void checkProgress(Progress p) {
        Progress last = null;
        boolean phaseSeen = false;
        for (Call c : calls.subList(0, calls.size() - 1)) {
            if (c.argument() instanceof Progress q && q.phase() == p.phase()) {
                last = q;
                phaseSeen = true;
            }
        }
        if (!phaseSeen && p.text() == null) {
            violations.add("R14: phase " + p.phase() + " opened without text");
        }
        if (p.max() > 0 && p.index() > p.max()) {
            violations.add("R13: index " + p.index() + " > max " + p.max() + " in " + p.phase());
        }
        if (p.bytesTotal() > 0 && p.bytesDone() > p.bytesTotal()) {
            violations.add("R13: bytesDone " + p.bytesDone() + " > bytesTotal " + p.bytesTotal());
        }
        if (last != null && (p.index() < last.index() || p.bytesDone() < last.bytesDone())) {
            violations.add("R13: progress went back in " + p.phase() + ": " + last + " then " + p);
        }
    }

    /** Waits (at most 20 s) for {@code done}, checks every rule, and returns the result. */
    public SyncResult awaitDone() {
        try {
            if (!doneCalled.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("no done within 20 s; calls so far: " + calls.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for done", e);
        }
        assertRules();
        return result().orElseThrow();
    }

    /** Fails with every violation seen so far, and if {@code done} was seen, checks it is the one last call. */
    public void assertRules() {
        List<String> all = new ArrayList<>(violations);
        List<Call> snapshot = List.copyOf(calls);
        long dones = snapshot.stream().filter(c -> c.method().equals("done")).count();
        if (dones > 1) {
            all.add("R4: " + dones + " calls to done");
        }
        if (dones == 1 && !snapshot.getLast().method().equals("done")) {
            all.add("R4: done is not the last call");
        }
        if (!all.isEmpty()) {
            throw new AssertionError("listener rules broken: " + all);
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Progress> progress() {
        return calls.stream()
                .filter(c -> c.argument() instanceof Progress)
                .map(c -> (Progress) c.argument())
                .toList();
    }

    public List<Progress> progress(Phase phase) {
        return progress().stream().filter(p -> p.phase() == phase).toList();
    }

    public List<SyncError> errors() {
        return calls.stream()
                .filter(c -> c.argument() instanceof SyncError)
                .map(c -> (SyncError) c.argument())
                .toList();
    }

    public Optional<SyncResult> result() {
        return calls.stream()
                .filter(c -> c.argument() instanceof SyncResult)
                .map(c -> (SyncResult) c.argument())
                .findFirst();
    }

    public boolean isDone() {
        return doneSeen;
    }

    /** The phases that reported progress, in first-seen order. */
    public List<Phase> phases() {
        return progress().stream().map(Progress::phase).distinct().toList();
    }
}
