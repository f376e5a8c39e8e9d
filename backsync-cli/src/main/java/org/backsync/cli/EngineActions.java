package org.backsync.cli;

import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.SyncId;
import org.backsync.engine.Engine;
import org.backsync.web.WebActions;

/** What the web page's buttons do, on a running {@link Engine}. Every method returns at once. */
final class EngineActions implements WebActions {
    private final Engine engine;

    EngineActions(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void syncNow(AccountId account) {
        if (!engine.config().accounts().containsKey(account)) {
            throw new IllegalArgumentException("no account " + account);
        }
        engine.scheduler().syncNow(account);
    }

    @Override
    public boolean cancel(SyncId sync) {
        return engine.board().cancel(sync);
    }

    @Override
    public void cancelAll() {
        engine.scheduler().cancelAll();
        engine.board().cancelAll();
    }

    @Override
    public void pause() {
        engine.scheduler().pause();
        engine.board().paused(true);
    }

    @Override
    public void resume() {
        engine.scheduler().resume();
        engine.board().paused(false);
    }

    @Override
    public void outboxRetry(OutboxId id) {
        engine.outbox().retry(id);
    }

    @Override
    public void outboxHold(OutboxId id) {
        engine.outbox().hold(id);
    }
}
