package org.backsync.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.SyncId;

/** Records every action as a line such as {@code "syncNow alice"}; sync 404 and message 13 are unknown. */
final class RecordingWebActions implements WebActions {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void syncNow(AccountId account) {
        calls.add("syncNow " + account);
    }

    @Override
    public boolean cancel(SyncId sync) {
        calls.add("cancel " + sync.value());
        return sync.value() != 404;
    }

    @Override
    public void cancelAll() {
        calls.add("cancelAll");
    }

    @Override
    public void pause() {
        calls.add("pause");
    }

    @Override
    public void resume() {
        calls.add("resume");
    }

    @Override
    public void outboxRetry(OutboxId id) {
        calls.add("retry " + id.value());
    }

    @Override
    public void outboxHold(OutboxId id) {
        if (id.value() == 13) {
            throw new IllegalStateException("message 13 is being sent");
        }
        calls.add("hold " + id.value());
    }
}
