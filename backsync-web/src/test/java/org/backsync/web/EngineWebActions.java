package org.backsync.web;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.engine.StatusBoard;

/**
 * The page's actions on a real engine, as a host wires them: syncs go through the board-watched engine, cancel through
 * the board; the Outbox is a small map with the contract's hold and retry transitions (CONTRACT 6.2).
 */
final class EngineWebActions implements WebActions {
    final List<SyncHandle> started = new CopyOnWriteArrayList<>();
    private final BackgroundSynchronizer engine;
    private final StatusBoard board;
    private final Map<OutboxId, OutboxEntry> outbox =
            new ConcurrentSkipListMap<>(java.util.Comparator.comparingLong(OutboxId::value));

    EngineWebActions(BackgroundSynchronizer watchedEngine, StatusBoard board) {
        this.engine = watchedEngine;
        this.board = board;
        board.outbox(() -> List.copyOf(outbox.values()));
    }

    void putOutbox(OutboxEntry entry) {
        outbox.put(entry.id(), entry);
        board.changed();
    }

    @Override
    public void syncNow(AccountId account) {
        EnumSet<SyncKind> kinds = EnumSet.copyOf(SyncKind.DIRECTIONS);
        kinds.add(SyncKind.ON_DEMAND);
        started.add(engine.synchronizeInBackground(SyncRequest.of(account, kinds), SyncListener.NONE));
    }

    @Override
    public boolean cancel(SyncId sync) {
        return board.cancel(sync);
    }

    @Override
    public void cancelAll() {
        board.cancelAll();
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void outboxRetry(OutboxId id) {
        move(id, OutboxState.QUEUED, Optional.empty(), Optional.of(Instant.now()));
    }

    @Override
    public void outboxHold(OutboxId id) {
        move(id, OutboxState.HELD, Optional.of("held by the user"), Optional.empty());
    }

    private void move(OutboxId id, OutboxState state, Optional<String> reason, Optional<Instant> next) {
        OutboxEntry e = outbox.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no Outbox message " + id.value());
        }
        outbox.put(
                id, new OutboxEntry(id, e.account(), e.messageId(), state, reason, 0, next, List.of(), e.submitted()));
    }
}
