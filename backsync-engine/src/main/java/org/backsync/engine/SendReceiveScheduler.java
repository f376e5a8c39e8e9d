package org.backsync.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.FolderPath;
import org.backsync.Priority;
import org.backsync.Retry;
import org.backsync.Status;
import org.backsync.SyncHandle;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SendReceiveGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each account syncs: Outlook's Send/Receive groups on a clock, user requests first, retries by retry
 * class, and connection caps. It starts syncs through a {@link BackgroundSynchronizer} and never syncs itself.
 *
 * <p><b>Rules.</b> Every {@code every} of a group, each of its accounts gets one {@code BACKGROUND} request (one that
 * is already waiting absorbs it). {@code ON_DEMAND} requests ({@link #syncNow}) wait ahead of all background work and
 * start at once when their account already has a sync running, which the engine then pauses at a batch boundary
 * (R17). A background request starts only when its account has no running sync on the same folders (R18), the host
 * has fewer than {@code maxConnectionsPerHost} syncs running, its retry time has come, the account is not blocked
 * and the scheduler is not paused. After a sync ends, {@link RetryPolicy} decides what follows.
 *
 * <p><b>Time and threads.</b> Time comes from the injected clock; {@link #tick()} is called by {@link SchedulerLoop}
 * (or a test). One lock guards all state; engine calls and handle cancels happen after it is released.
 */
public final class SendReceiveScheduler {
    private static final Logger log = LoggerFactory.getLogger(SendReceiveScheduler.class);

    private final BackgroundSynchronizer engine;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Map<AccountId, AccountSlot> accounts = new LinkedHashMap<>();
    /** Next due time per group name. Guarded by {@link #lock}. */
    private final Map<String, Instant> due = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private EngineConfig config;
    /** Guarded by {@link #lock}. */
    private RetryPolicy retry;
    /** Guarded by {@link #lock}. */
    private boolean paused;

    public SendReceiveScheduler(BackgroundSynchronizer engine, EngineConfig config, InstantSource clock) {
        this.engine = engine;
        this.clock = clock;
        this.config = config;
        this.retry = RetryPolicy.of(config.limits());
        config.accounts().values().forEach(a -> accounts.put(a.id(), new AccountSlot(a)));
        Instant now = clock.instant();
        config.groups().forEach(g -> due.put(g.name(), now));
    }

    /** Queues the syncs that are due and starts what may start. */
    public void tick() {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (SendReceiveGroup g : config.groups()) {
                if (!now.isBefore(due.get(g.name()))) {
                    due.put(g.name(), now.plus(g.every()));
                    for (AccountId a : g.accounts()) {
                        slot(a).offer(
                                        new SyncRequest(a, withBackground(g.kinds()), Set.of(), Priority.BACKGROUND),
                                        now);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** The user's "sync now": every direction, {@code ON_DEMAND}, ahead of all background work. */
    public void syncNow(AccountId account) {
        Set<SyncKind> kinds = EnumSet.copyOf(SyncKind.DIRECTIONS);
        kinds.add(SyncKind.ON_DEMAND);
        offer(new SyncRequest(account, kinds, Set.of(), Priority.ON_DEMAND));
    }

    /** A push event: a background download of that one folder (CONTRACT 5.5). */
    public void pushEvent(AccountId account, FolderPath folder) {
        offer(SyncRequest.forFolders(
                account, EnumSet.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.BACKGROUND), Set.of(folder)));
    }

    /** A new configuration: accounts whose settings changed lose their block and failure count. */
    public void updateConfig(EngineConfig newConfig) {
        lock.lock();
        try {
            for (AccountConfig a : newConfig.accounts().values()) {
                AccountSlot s = accounts.computeIfAbsent(a.id(), id -> new AccountSlot(a));
                if (!s.config.equals(a)) {
                    log.info("account {}: configuration changed; retries allowed again", a.id());
                    s.config = a;
                    s.blockedBy = Optional.empty();
                    s.failures = 0;
                }
            }
            Instant now = clock.instant();
            newConfig.groups().forEach(g -> due.putIfAbsent(g.name(), now));
            config = newConfig;
            retry = RetryPolicy.of(newConfig.limits());
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** Stops starting background syncs until {@link #resume()}; running ones finish, ON_DEMAND still starts. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** Drops the account's waiting requests and cancels its running syncs. */
    public void cancelAccount(AccountId account) {
        List<SyncHandle> handles = new ArrayList<>();
        lock.lock();
        try {
            AccountSlot s = slot(account);
            s.waiting.clear();
            s.running.stream().filter(r -> r.handle != null).forEach(r -> handles.add(r.handle));
        } finally {
            lock.unlock();
        }
        handles.forEach(SyncHandle::cancel);
    }

    /** Drops every waiting request and cancels every running sync. */
    public void cancelAll() {
        List<AccountId> ids;
        lock.lock();
        try {
            ids = List.copyOf(accounts.keySet());
        } finally {
            lock.unlock();
        }
        ids.forEach(this::cancelAccount);
    }

    /** Requests waiting to start, all accounts together. */
    public int queueDepth() {
        lock.lock();
        try {
            return accounts.values().stream().mapToInt(s -> s.waiting.size()).sum();
        } finally {
            lock.unlock();
        }
    }

    /** The status that blocks the account's background syncs until its configuration changes, if any. */
    public Optional<Status> blockedBy(AccountId account) {
        lock.lock();
        try {
            return slot(account).blockedBy;
        } finally {
            lock.unlock();
        }
    }

    private void offer(SyncRequest request) {
        lock.lock();
        try {
            slot(request.account()).offer(request, clock.instant());
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** Starts every waiting request that may start; the engine is called after the lock is released. */
    private void dispatch() {
        List<AccountSlot.Running> start = new ArrayList<>();
        lock.lock();
        try {
            Instant now = clock.instant();
            Map<String, Integer> perHost = new HashMap<>();
            accounts.values().forEach(s -> perHost.merge(s.host(), s.running.size(), Integer::sum));
            for (boolean onDemandPass : new boolean[] {true, false}) {
                for (AccountSlot s : accounts.values()) {
                    if (onDemandPass != hasOnDemand(s)) {
                        continue;
                    }
                    boolean free =
                            perHost.getOrDefault(s.host(), 0) < config.limits().maxConnectionsPerHost();
                    AccountSlot.Waiting w = s.take(now, free, paused);
                    if (w != null) {
                        AccountSlot.Running r = new AccountSlot.Running(w.request());
                        s.running.add(r);
                        perHost.merge(s.host(), 1, Integer::sum);
                        start.add(r);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        start.forEach(this::start);
    }

    private void start(AccountSlot.Running r) {
        log.debug(
                "account {}: starting {} {} (scheduler)", r.request.account(), r.request.priority(), r.request.kinds());
        SyncHandle h = engine.synchronizeInBackground(r.request, new SyncListener() {
            @Override
            public void done(SyncResult result) {
                finished(r, result);
            }
        });
        lock.lock();
        try {
            r.handle = h;
        } finally {
            lock.unlock();
        }
    }

    private void finished(AccountSlot.Running r, SyncResult result) {
        lock.lock();
        try {
            AccountSlot s = slot(r.request.account());
            s.running.remove(r);
            Status status = result.status();
            Instant now = clock.instant();
            if (status.retry() == Retry.NONE) {
                s.failures = 0;
            } else if (status.retry() == Retry.LATER) {
                s.failures++;
                Instant at = now.plus(retry.delay(s.failures));
                log.debug(
                        "account {}: {} ended {}; retry {} at {}",
                        r.request.account(),
                        r.request.kinds(),
                        status,
                        s.failures,
                        at);
                if (r.request.priority() == Priority.BACKGROUND) {
                    s.offer(r.request, at);
                }
            } else if (RetryPolicy.blocksAccount(status)) {
                log.warn(
                        "account {}: {}; no background sync until its configuration changes",
                        r.request.account(),
                        status);
                s.blockedBy = Optional.of(status);
                s.dropBackground();
            }
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    private static boolean hasOnDemand(AccountSlot s) {
        return !s.waiting.isEmpty() && s.waiting.getFirst().request().priority() == Priority.ON_DEMAND;
    }

    private AccountSlot slot(AccountId account) {
        AccountSlot s = accounts.get(account);
        if (s == null) {
            throw new IllegalArgumentException("unknown account: " + account);
        }
        return s;
    }

    private static Set<SyncKind> withBackground(Set<SyncKind> kinds) {
        Set<SyncKind> k = EnumSet.copyOf(kinds);
        k.add(SyncKind.BACKGROUND);
        return k;
    }
}
