package org.backsync.core;

import java.util.List;
import org.backsync.Phase;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.SyncException;

/**
 * RECONCILE (CONTRACT 4.3): every open intent left by an earlier sync is resolved with read commands only, before
 * anything else runs, and closed as applied or not applied. What was not applied stays pending. {@code SMTP_SEND}
 * intents, and the Sent-copy APPEND intents that carry an {@code outboxId}, belong to the Outbox ({@code
 * org.backsync.core.outbox}) and are left alone.
 */
final class Reconcile {
    private Reconcile() {}

    static void run(SessionContext ctx) throws SyncException {
        List<Intent> open = ctx.store().openIntents(ctx.account()).stream()
                .filter(i ->
                        i.kind() != IntentKind.SMTP_SEND && i.spec().outboxId().isEmpty())
                .toList();
        if (open.isEmpty()) {
            return;
        }
        PhaseProgress progress =
                ctx.startPhase(Phase.RECONCILE, "Checking " + open.size() + " unfinished changes", open.size());
        for (Intent intent : open) {
            ctx.checkpoint();
            ctx.attempt(() -> {
                Reconciler.Resolution r = ctx.connection().read(p -> Reconciler.check(intent, p, ctx.store()));
                ctx.journal().resolve(intent, r);
            });
            progress.advance(1, 0);
        }
        progress.finish();
    }
}
