package org.backsync.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.OutboxEntry;
import org.backsync.Phase;
import org.backsync.Priority;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncId;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.StatusSnapshot.AccountStatus;
import org.backsync.engine.StatusSnapshot.ErrorEntry;
import org.backsync.engine.StatusSnapshot.LastResult;
import org.backsync.engine.StatusSnapshot.PhaseRow;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.RunningSync;
import org.jspecify.annotations.Nullable;

/**
 * What a Send/Receive display shows, kept up to date by {@link SyncTee} listeners: per account and phase the latest
 * progress with an ETA, running syncs, the last result, reported errors with a suggested action, push health, the
 * Outbox and the queue depth. Thread-safe without locks: every field is a concurrent collection or an atomic holding
 * an immutable value, so an engine thread never waits here and no listener is called from here.
 *
 * <p>Inputs outside the tee (push health, Outbox, queue depth, pause) are set by the host. Readers take a {@link
 * #snapshot()}; a page that wants to be told of changes takes a {@link #subscribe() subscription}, which holds at
 * most one pending signal however many changes happen (bounded and coalesced).
 */
public final class StatusBoard {
    /** The errors list keeps this many entries, newest first. */
    public static final int MAX_ERRORS = 200;

    private final InstantSource clock;
    private final ConcurrentMap<AccountId, AccountSlot> accounts = new ConcurrentSkipListMap<>();
    private final Set<SyncTee> running = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedDeque<ErrorEntry> errors = new ConcurrentLinkedDeque<>();
    private final AtomicInteger errorCount = new AtomicInteger();
    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();
    private final BoardTotals totals = new BoardTotals();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicReference<Supplier<List<OutboxEntry>>> outbox = new AtomicReference<>(List::of);
    private final AtomicReference<IntSupplier> queueDepth = new AtomicReference<>(() -> 0);

    public StatusBoard(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StatusBoard() {
        this(InstantSource.system());
    }

    /** Shows {@code account} (with push health OFF) before its first sync. Repeating it changes nothing. */
    public void addAccount(AccountId account) {
        slot(account);
        changed();
    }

    /** A listener that records {@code request}'s reports here and passes them on to {@code wrapped}. */
    public SyncTee tee(SyncRequest request, SyncListener wrapped) {
        slot(request.account());
        return new SyncTee(this, request, wrapped, clock.instant());
    }

    /** {@code engine} with every listener teed to this board and every handle bound, so that cancel works here. */
    public BackgroundSynchronizer watch(BackgroundSynchronizer engine) {
        return new WatchedSynchronizer(this, engine);
    }

    /** Cancels the running sync {@code id}; false when no running sync has that id. Never blocks. */
    public boolean cancel(SyncId id) {
        return running.stream()
                .filter(t -> t.id().filter(id::equals).isPresent())
                .anyMatch(SyncTee::cancel);
    }

    /** Cancels every running sync with a bound handle; returns how many were asked to stop. */
    public int cancelAll() {
        return (int) running.stream().filter(SyncTee::cancel).count();
    }

    public void pushHealth(AccountId account, PushHealth health) {
        slot(account).push.set(Objects.requireNonNull(health, "health"));
        changed();
    }

    /** The account's push health; {@link PushHealth#OFF} for an account the board has not seen. */
    public PushHealth pushHealth(AccountId account) {
        AccountSlot slot = accounts.get(account);
        return slot == null ? PushHealth.OFF : slot.push.get();
    }

    /** The accounts the board shows, in order. */
    public List<AccountId> accounts() {
        return List.copyOf(accounts.keySet());
    }

    /** The Outbox as its supplier gives it now. */
    public List<OutboxEntry> outboxEntries() {
        return List.copyOf(outbox.get().get());
    }

    /** Where the snapshot reads the Outbox from; called on the reading thread, so it must be quick. */
    public void outbox(Supplier<List<OutboxEntry>> entries) {
        outbox.set(Objects.requireNonNull(entries, "entries"));
        changed();
    }

    /** Where the snapshot and metrics read the number of queued syncs from. */
    public void queueDepth(IntSupplier depth) {
        queueDepth.set(Objects.requireNonNull(depth, "depth"));
        changed();
    }

    public void paused(boolean isPaused) {
        paused.set(isPaused);
        changed();
    }

    public boolean isPaused() {
        return paused.get();
    }

    public int queueDepth() {
        return queueDepth.get().getAsInt();
    }

    public int runningCount() {
        return running.size();
    }

    public BoardTotals totals() {
        return totals;
    }

    /** Signals every subscriber; for inputs the board cannot see change, such as the Outbox. */
    public void changed() {
        subscribers.forEach(Subscription::signal);
    }

    /** Open subscriptions: how many pages are watching. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** A new subscription; close it when the reader goes away. */
    public Subscription subscribe() {
        Subscription s = new Subscription(this);
        subscribers.add(s);
        return s;
    }

    public StatusSnapshot snapshot() {
        Instant now = clock.instant();
        List<AccountStatus> list = new ArrayList<>();
        for (Map.Entry<AccountId, AccountSlot> e : accounts.entrySet()) {
            list.add(accountStatus(e.getKey(), e.getValue()));
        }
        return new StatusSnapshot(
                now,
                paused.get(),
                queueDepth(),
                list,
                List.copyOf(errors),
                outbox.get().get());
    }

    private AccountStatus accountStatus(AccountId account, AccountSlot slot) {
        List<PhaseRow> rows = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            BoardRow row = slot.rows.get(phase);
            if (row != null) {
                rows.add(row.view());
            }
        }
        List<RunningSync> syncs = running.stream()
                .filter(t -> t.request().account().equals(account))
                .sorted(Comparator.comparing(SyncTee::startedAt))
                .map(t ->
                        new RunningSync(t.id(), t.request().kinds(), t.request().priority(), t.startedAt()))
                .toList();
        return new AccountStatus(account, rows, syncs, Optional.ofNullable(slot.last.get()), slot.push.get());
    }

    void started(SyncTee tee) {
        if (!tee.isDone() && running.add(tee)) {
            if (tee.isDone()) {
                running.remove(tee); // done() ran between the check and the add
            }
            changed();
        }
    }

    void progress(SyncTee tee, Progress p, long bytesDelta) {
        Instant now = clock.instant();
        slot(tee.request().account()).rows.compute(p.phase(), (k, old) -> BoardRow.next(old, tee, p, now));
        totals.bytesMoved(p.phase(), bytesDelta);
        changed();
    }

    void error(SyncTee tee, SyncError e) {
        ErrorEntry entry = new ErrorEntry(
                clock.instant(),
                tee.request().account(),
                tee.id(),
                e.status(),
                e.scope(),
                e.folder(),
                e.message(),
                e.isWarning(),
                SuggestedAction.forStatus(e.status()));
        errors.addFirst(entry);
        if (errorCount.incrementAndGet() > MAX_ERRORS && errors.pollLast() != null) {
            errorCount.decrementAndGet();
        }
        totals.error(e.status());
        changed();
    }

    void done(SyncTee tee, SyncResult r) {
        Instant now = clock.instant();
        AccountSlot slot = slot(tee.request().account());
        slot.rows.replaceAll((phase, row) -> row.owner() == tee ? row.finish(r) : row);
        slot.last.set(new LastResult(r.id(), r.status(), r.counts(), r.errors().size(), r.elapsed(), now));
        running.remove(tee);
        totals.syncDone(r.status(), r.counts());
        changed();
    }

    private AccountSlot slot(AccountId account) {
        return accounts.computeIfAbsent(account, a -> new AccountSlot());
    }

    /** The request {@code fetchFull} stands for (CONTRACT 2.2), as the board shows it. */
    static SyncRequest fetchFullRequest(AccountId account) {
        return new SyncRequest(
                account, EnumSet.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND), Set.of(), Priority.ON_DEMAND);
    }

    private static final class AccountSlot {
        final ConcurrentMap<Phase, BoardRow> rows = new ConcurrentHashMap<>();
        final AtomicReference<@Nullable LastResult> last = new AtomicReference<>();
        final AtomicReference<PushHealth> push = new AtomicReference<>(PushHealth.OFF);
    }

    /**
     * A reader's change signal. At most one signal is pending however many changes happen, so a slow reader costs
     * the board nothing and sees the latest state on its next {@link StatusBoard#snapshot()}.
     */
    public static final class Subscription implements AutoCloseable {
        private final StatusBoard board;
        private final Semaphore signal = new Semaphore(0);
        private final AtomicBoolean pending = new AtomicBoolean();

        private Subscription(StatusBoard board) {
            this.board = board;
        }

        void signal() {
            if (pending.compareAndSet(false, true)) {
                signal.release();
            }
        }

        /** Waits up to {@code timeout} for a change since the last call; true if one happened. */
        public boolean awaitChange(Duration timeout) throws InterruptedException {
            if (!signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            pending.set(false);
            return true;
        }

        @Override
        public void close() {
            board.subscribers.remove(this);
        }
    }
}
