package org.backsync.engine;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.MessageKey;
import org.backsync.SyncHandle;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.MailProvider;
import org.backsync.spi.MessageStore;
import org.backsync.spi.StoreReader;
import org.jspecify.annotations.Nullable;

/**
 * One running backsync: the sync core over the local store and the accounts' servers, the {@link StatusBoard} every
 * sync reports to, and the {@link SendReceiveScheduler}. Built by {@link Backsync#newEngine}. Syncs started here (by a
 * command or the scheduler) all show on the board.
 *
 * <p>Nothing runs on its own until {@link #startBackground()}: a one-shot command uses the engine directly; a daemon
 * starts the Send/Receive groups. {@link #close()} stops the scheduler, cancels running syncs and waits for their
 * {@code done}, then closes the store.
 */
public final class Engine implements BackgroundSynchronizer {
    private final EngineConfig config;
    private final MessageStore store;
    private final SyncEngine core;
    private final StatusBoard board;
    private final BackgroundSynchronizer watched;
    private final SendReceiveScheduler scheduler;
    private final AtomicReference<@Nullable SchedulerLoop> loop = new AtomicReference<>();

    Engine(EngineConfig config, MessageStore store, MailProvider.Factory providers, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        Map<AccountId, AccountSettings> settings = new LinkedHashMap<>();
        for (AccountConfig a : config.accounts().values()) {
            settings.put(a.id(), new AccountSettings(a.deleteToTrash(), 0));
        }
        this.core = new SyncEngine(EngineOptions.of(store, providers, settings).withClock(clock));
        this.board = new StatusBoard(clock);
        this.watched = board.watch(core);
        this.scheduler = new SendReceiveScheduler(watched, config, clock);
        config.accounts().keySet().forEach(board::addAccount);
        board.queueDepth(scheduler::queueDepth);
    }

    public EngineConfig config() {
        return config;
    }

    /** The local store, for reading: folders, messages, the Outbox. */
    public StoreReader store() {
        return store;
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
        }
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
        core.close();
        store.close();
    }
}
