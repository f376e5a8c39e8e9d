package org.backsync.engine;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.FolderPath;
import org.backsync.MessageKey;
import org.backsync.Outbox;
import org.backsync.OutboxEntry;
import org.backsync.SyncHandle;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.core.outbox.LocalOutbox;
import org.backsync.core.outbox.OutboxSender;
import org.backsync.core.outbox.OutboxSetup;
import org.backsync.core.outbox.OutboxTimer;
import org.backsync.core.outbox.ServerLimits;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.push.PushEvents;
import org.backsync.engine.push.PushSupervisor;
import org.backsync.spi.MailTransport;
import org.backsync.spi.MessageStore;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;
import org.backsync.store.sqlite.MaildirExport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running backsync: the sync core over the local store and the accounts' servers, the {@link StatusBoard} every
 * sync reports to, and the {@link SendReceiveScheduler}. Built by {@link Backsync#newEngine}. Syncs started here (by a
 * command or the scheduler) all show on the board.
 *
 * <p>Nothing runs on its own until {@link #startBackground()}: a one-shot command uses the engine directly; a daemon
 * starts the Send/Receive groups, IDLE push on each account's push folders and the Outbox's pending sends. {@link #close()} stops the scheduler, cancels running syncs and waits for their
 * {@code done}, then closes the store.
 */
public final class Engine implements BackgroundSynchronizer {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final EngineConfig config;
    private final MessageStore store;
    private final SyncEngine core;
    private final StatusBoard board;
    private final BackgroundSynchronizer watched;
    private final SendReceiveScheduler scheduler;
    private final ScheduledExecutorService outboxTimer;
    private final ExecutorService outboxPasses = Executors.newVirtualThreadPerTaskExecutor();
    private final OutboxSender sender;
    private final LocalOutbox outbox;
    private final AtomicReference<@Nullable SchedulerLoop> loop = new AtomicReference<>();
    private final PushSupervisor push;
    private final ConnectionPool pool;

    /** What an engine is built from; {@link Backsync} makes the real one, tests use fakes. */
    record Parts(
            EngineConfig config,
            MessageStore store,
            AccountProviders providers,
            Function<AccountId, MailTransport> transports,
            InstantSource clock) {}

    Engine(Parts parts) {
        this.config = Objects.requireNonNull(parts.config(), "config");
        this.store = Objects.requireNonNull(parts.store(), "store");
        Map<AccountId, AccountSettings> settings = new LinkedHashMap<>();
        for (AccountConfig a : config.accounts().values()) {
            // the bulk download may use the account's connections, but never more than one host allows (issue 5)
            int fetchConnections = Math.min(a.maxConnections(), config.limits().maxConnectionsPerHost());
            settings.put(a.id(), new AccountSettings(a.deleteToTrash(), 0, a.headersOnly()::accepts, fetchConnections));
        }
        InstantSource clock = parts.clock();
        // connections are kept between syncs, as many per account as its download may use (ADR 0010)
        this.pool = new ConnectionPool(parts.providers(), clock, a -> {
            AccountSettings s = settings.get(a);
            return s == null ? 0 : s.fetchConnections();
        });
        this.core = new SyncEngine(EngineOptions.of(store, pool, settings).withClock(clock));
        this.board = new StatusBoard(clock);
        this.watched = board.watch(core);
        this.scheduler = new SendReceiveScheduler(watched, config, clock);
        config.accounts().keySet().forEach(board::addAccount);
        board.queueDepth(scheduler::queueDepth);
        this.outboxTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("backsync-outbox-timer").factory());
        // idle connections past the limit are logged out even when no sync comes to take them, and silent ones get a
        // NOOP (LOGOUT and NOOP are I/O: not on the timer's thread)
        long sweep = ConnectionPool.KEEPALIVE_AFTER.toSeconds() / 2;
        outboxTimer.scheduleWithFixedDelay(
                () -> Thread.ofVirtual().name("backsync-pool-sweep").start(() -> {
                    pool.expire();
                    pool.keepAlive();
                }),
                sweep,
                sweep,
                TimeUnit.SECONDS);
        OutboxSetup setup = new OutboxSetup(
                store,
                parts.transports(),
                new SentFolders(parts.providers(), clock),
                parts.transports() instanceof ServerLimits.Source learnt ? learnt : ServerLimits.Source.UNKNOWN,
                clock,
                outboxPasses,
                timer(OutboxTimer.on(outboxTimer, clock)),
                new SplittableRandom(),
                org.backsync.core.outbox.Backoff.DEFAULT,
                entry -> board.changed());
        this.sender = new OutboxSender(setup);
        this.outbox = new LocalOutbox(setup, sender);
        board.outbox(this::outboxEntries);
        this.push = new PushSupervisor(
                config,
                parts.providers(),
                new PushEvents() {
                    @Override
                    public void changed(AccountId account, FolderPath folder) {
                        scheduler.pushEvent(account, folder);
                    }

                    @Override
                    public void health(AccountId account, PushHealth health) {
                        board.pushHealth(account, health);
                    }
                },
                clock);
    }

    /** The local Outbox: submit, hold, retry, flush. Sending starts at {@code submit} and at {@link #startBackground()}. */
    public Outbox outbox() {
        return outbox;
    }

    /** Writes the account's local folders as Maildir++ under {@code target}; see {@link MaildirExport}. */
    public MaildirExport.Summary exportMaildir(AccountId account, Path target) throws SyncException {
        return MaildirExport.export(store, account, target);
    }

    /** Sends what the account's Outbox holds, ignoring backoff (the on-demand send). */
    public void flushOutbox(AccountId account) {
        sender.trigger(account, true);
    }

    /** After {@link #close()} a pass that ends late asks for a wake-up nobody will serve: it gets none. */
    private static OutboxTimer timer(OutboxTimer inner) {
        return (at, action) -> {
            try {
                return inner.wakeAt(at, action);
            } catch (RejectedExecutionException closed) {
                return () -> {};
            }
        };
    }

    private List<OutboxEntry> outboxEntries() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (AccountId a : config.accounts().keySet()) {
            try {
                store.outbox(a).forEach(r -> entries.add(r.entry()));
            } catch (SyncException e) {
                log.debug("Outbox of {} unreadable for the status board: {}", a, e.getMessage());
            }
        }
        return entries;
    }

    public EngineConfig config() {
        return config;
    }

    /** The local store, for reading: folders, messages, the Outbox. */
    public StoreReader store() {
        return store;
    }

    /** The connections kept between syncs; {@link ConnectionPool#clear()} logs them out. */
    public ConnectionPool connections() {
        return pool;
    }

    public StatusBoard board() {
        return board;
    }

    public SendReceiveScheduler scheduler() {
        return scheduler;
    }

    /** Starts the Send/Receive groups' periodic syncs. Repeating it changes nothing. */
    public void startBackground() {
        SchedulerLoop started = new SchedulerLoop(scheduler);
        if (!loop.compareAndSet(null, started)) {
            started.close();
            return;
        }
        config.accounts().keySet().forEach(a -> sender.trigger(a, false));
        push.start();
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener) {
        return watched.synchronizeInBackground(request, listener);
    }

    @Override
    public SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener) {
        return watched.fetchFull(account, messages, listener);
    }

    @Override
    public void close() {
        SchedulerLoop l = loop.getAndSet(null);
        if (l != null) {
            l.close();
        }
        push.close();
        core.close(); // every sync has ended and handed its connections back
        pool.close(); // LOGOUT on each
        outboxTimer.shutdownNow();
        outboxPasses.shutdown();
        try {
            if (!outboxPasses.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("an Outbox pass did not end within 10 s of close; its journal settles it at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
