package org.backsync.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.FolderPath;
import org.backsync.MessageKey;
import org.backsync.Priority;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.spi.MailProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background synchronizer: accepts syncs at once (R1), queues them per account with {@code ON_DEMAND} first
 * (R17), runs one sync per account at a time on the injected executor (R18; the store lease extends that to other
 * processes), and lets a running {@code BACKGROUND} sync pause at a checkpoint for a waiting {@code ON_DEMAND} one.
 *
 * <p><b>Threads and locks.</b> One worker task per account with waiting syncs (a virtual thread by default). The
 * engine lock guards the queues, the live set and {@code closed}; it is held only for in-memory bookkeeping, never
 * during I/O, a listener call or a future completion, and never together with the store's writer lock (see
 * docs/CONCURRENCY.md).
 */
public final class SyncEngine implements BackgroundSynchronizer {
    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

    private final EngineOptions options;
    private final Phases phases;
    private final String leaseOwner = AccountLease.ownerName();
    private final AtomicLong nextId = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Map<AccountId, AccountQueue> queues = new HashMap<>();
    /** Accepted syncs whose {@code done} has not returned yet. Guarded by {@link #lock}. */
    private final Set<SyncJob> live = new LinkedHashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    public SyncEngine(EngineOptions options) {
        this(options, Phases.standard());
    }

    /** With other phase implementations: for tests of the scheduling and listener rules. */
    SyncEngine(EngineOptions options, Phases phases) {
        this.options = Objects.requireNonNull(options, "options");
        this.phases = Objects.requireNonNull(phases, "phases");
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        return accept(SyncJob.Spec.of(request), listener);
    }

    @Override
    public SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(listener, "listener");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages is empty: fetchFull needs at least one message");
        }
        List<Long> ids = new ArrayList<>();
        for (MessageKey key : messages) {
            if (!key.account().equals(account)) {
                throw new IllegalArgumentException(
                        "message " + key.localId() + " belongs to account " + key.account() + ", not " + account);
            }
            ids.add(key.localId());
        }
        SyncRequest request = new SyncRequest(
                account, EnumSet.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND), Set.of(), Priority.ON_DEMAND);
        return accept(new SyncJob.Spec(request, Set.copyOf(ids), Optional.empty()), listener);
    }

    /**
     * The MAPI-facing entry point: a raw {@code ulFlags} mask (CONTRACT 2.1). Unknown bits are logged once at WARN and
     * become the sync's first listener call, {@code error(UNKNOWN_FLAGS, ACCOUNT, "ignored bits 0x...")}; the known
     * kinds must still form a valid request (R3). The priority follows the kinds: {@code ON_DEMAND} when the mask has
     * {@code SYNC_ON_DEMAND}.
     */
    public SyncHandle synchronizeMapi(
            AccountId account, int mapiFlags, Set<FolderPath> folders, SyncListener listener) {
        return synchronizeMapi(account, SyncKind.fromMapiFlags(mapiFlags), folders, listener);
    }

    /** The same for a mask already decoded with {@link SyncKind#fromMapiFlags}. */
    public SyncHandle synchronizeMapi(
            AccountId account, SyncKind.Decoded decoded, Set<FolderPath> folders, SyncListener listener) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(folders, "folders");
        Objects.requireNonNull(listener, "listener");
        Priority priority = decoded.kinds().contains(SyncKind.ON_DEMAND) ? Priority.ON_DEMAND : Priority.BACKGROUND;
        SyncRequest request = new SyncRequest(account, decoded.kinds(), folders, priority);
        Optional<SyncError> first = Optional.empty();
        if (decoded.hasUnknownBits()) {
            String bits = String.format("0x%08X", decoded.unknownBits());
            log.warn("account {}: MAPI sync mask has unknown bits {}; ignored", account, bits);
            first = Optional.of(SyncError.of(
                    Status.UNKNOWN_FLAGS,
                    Scope.ACCOUNT,
                    "account " + account + ": ignored bits " + bits + " of the sync mask"));
        }
        return accept(new SyncJob.Spec(request, Set.of(), first), listener);
    }

    private SyncJob accept(SyncJob.Spec spec, SyncListener listener) {
        AccountId account = spec.request().account();
        SyncJob job;
        boolean startWorker;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("engine is closed: no new sync for account " + account);
            }
            if (!options.accounts().containsKey(account)) {
                throw new IllegalArgumentException("unknown account: " + account);
            }
            SyncId id = new SyncId(nextId.incrementAndGet());
            ListenerDispatch dispatch =
                    new ListenerDispatch(id, listener, options.clock(), lock, options.store()::inTransaction);
            job = new SyncJob(this, id, spec, dispatch, options.clock().instant());
            AccountQueue queue = queues.computeIfAbsent(account, a -> new AccountQueue());
            queue.add(job);
            live.add(job);
            startWorker = queue.claimWorker();
        } finally {
            lock.unlock();
        }
        if (startWorker) {
            startWorker(account);
        }
        return job;
    }

    private void startWorker(AccountId account) {
        try {
            options.executor().execute(() -> drain(account));
        } catch (RejectedExecutionException e) {
            log.warn("executor refused the worker of account {}; using a fresh virtual thread", account);
            Thread.ofVirtual().name("backsync-" + account).start(() -> drain(account));
        }
    }

    /** The account's worker: runs waiting syncs one at a time until none is left. */
    private void drain(AccountId account) {
        while (true) {
            SyncJob job;
            lock.lock();
            try {
                AccountQueue queue = queues.get(account);
                job = queue.poll();
                if (job == null) {
                    queue.releaseWorker();
                    return;
                }
                job.state(SyncJob.State.RUNNING);
            } finally {
                lock.unlock();
            }
            run(job, false);
        }
    }

    /** Runs one sync on this thread; {@code nested} when a paused sync of the same account runs it (R17). */
    void run(SyncJob job, boolean nested) {
        try {
            new SyncSession(job, this, nested).run();
        } finally {
            finished(job);
        }
    }

    /**
     * Called by a running {@code BACKGROUND} sync at a checkpoint: runs every waiting {@code ON_DEMAND} sync of the
     * account on this thread, then returns so that the caller resumes (R17, B29).
     */
    /** Runs the account's waiting {@code ON_DEMAND} syncs, nested; true if any ran. */
    boolean yieldToOnDemand(AccountId account) {
        boolean ran = false;
        while (true) {
            SyncJob next;
            lock.lock();
            try {
                AccountQueue queue = queues.get(account);
                next = queue == null ? null : queue.pollOnDemand();
                if (next != null) {
                    next.state(SyncJob.State.RUNNING);
                }
            } finally {
                lock.unlock();
            }
            if (next == null) {
                return ran;
            }
            log.debug("account {}: pausing for on-demand {}", account, next.id());
            run(next, true);
            ran = true;
        }
    }

    void cancel(SyncJob job) {
        boolean wasQueued;
        lock.lock();
        try {
            wasQueued = job.state() == SyncJob.State.QUEUED;
            if (wasQueued) {
                queues.get(job.request().account()).remove(job);
                job.state(SyncJob.State.RUNNING);
            }
        } finally {
            lock.unlock();
        }
        if (wasQueued) {
            finishQueuedCancel(job);
            return;
        }
        MailProvider connection = job.connection().get();
        if (connection != null) {
            connection.abort();
        }
        job.fetchConnections().forEach(MailProvider::abort);
    }

    /** A sync cancelled while queued: only {@code done(CANCELLED)}, from an engine task, no server contact (R19). */
    private void finishQueuedCancel(SyncJob job) {
        Runnable report = () -> {
            try {
                SyncSession.reportCancelledWhileQueued(job, options.clock());
            } finally {
                finished(job);
            }
        };
        try {
            options.executor().execute(report);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().start(report);
        }
    }

    private void finished(SyncJob job) {
        lock.lock();
        try {
            job.state(SyncJob.State.FINISHED);
            live.remove(job);
        } finally {
            lock.unlock();
        }
    }

    /** Cancels every queued and running sync, waits for their {@code done}, then rejects new syncs. Idempotent. */
    @Override
    public void close() {
        List<SyncJob> jobs;
        lock.lock();
        try {
            closed = true;
            jobs = List.copyOf(live);
        } finally {
            lock.unlock();
        }
        jobs.forEach(SyncJob::cancel);
        for (SyncJob job : jobs) {
            job.result().join();
        }
    }

    EngineOptions options() {
        return options;
    }

    Phases phases() {
        return phases;
    }

    String leaseOwner() {
        return leaseOwner;
    }

    ReentrantLock lock() {
        return lock;
    }

    AccountSettings settings(AccountId account) {
        return options.accounts().get(account);
    }

    /** For tests: the number of accepted syncs whose {@code done} has not returned. */
    int liveCount() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }
}
