package org.backsync.engine;

import java.util.Set;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.MessageKey;
import org.backsync.SyncHandle;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;

/** A {@link BackgroundSynchronizer} whose syncs all report to a {@link StatusBoard}; see {@link StatusBoard#watch}. */
final class WatchedSynchronizer implements BackgroundSynchronizer {
    private final StatusBoard board;
    private final BackgroundSynchronizer engine;

    WatchedSynchronizer(StatusBoard board, BackgroundSynchronizer engine) {
        this.board = board;
        this.engine = engine;
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener) {
        SyncTee tee = board.tee(request, listener);
        SyncHandle handle = engine.synchronizeInBackground(request, tee);
        tee.bind(handle);
        return handle;
    }

    @Override
    public SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener) {
        SyncTee tee = board.tee(StatusBoard.fetchFullRequest(account), listener);
        SyncHandle handle = engine.fetchFull(account, messages, tee);
        tee.bind(handle);
        return handle;
    }

    @Override
    public void close() {
        engine.close();
    }
}
