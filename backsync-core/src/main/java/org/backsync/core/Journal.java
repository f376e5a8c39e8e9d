package org.backsync.core;

import java.time.InstantSource;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.MailProvider;
import org.backsync.spi.MessageStore;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intent before effect, ack then clear (CONTRACT 4.2). Every remote side effect goes through {@link #perform}:
 *
 * <ol>
 *   <li>one transaction writes the local state the effect relies on ({@code prep}: a tracking id, for example) and
 *       opens the intent; the {@link StepProbe} sees {@code INTENT_COMMITTED};
 *   <li>the remote command runs; the probe sees {@code EFFECT_DONE};
 *   <li>one transaction records the outcome (new UID, new base flags: this clears the pending change, which is the
 *       difference between local and base state) and closes the intent {@code APPLIED}.
 * </ol>
 *
 * A refusal ({@code MESSAGE}/{@code FOLDER} scope) closes the intent {@code NOT_APPLIED} and leaves the local change
 * pending, then rethrows for the caller to report. A transient failure reconnects, finds out with read commands only
 * whether the effect happened ({@link Reconciler}), and retries only if it did not (R20). A cancel or an {@code
 * ACCOUNT} failure leaves the intent open for the next sync's {@code RECONCILE} phase.
 */
final class Journal {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** Local state written in the intent's own transaction. */
    @FunctionalInterface
    interface Prep {
        void run(StoreTransaction tx) throws SyncException;

        Prep NONE = tx -> {};
    }

    /** The remote side effect. */
    @FunctionalInterface
    interface Effect<T> {
        T apply(MailProvider provider) throws SyncException;
    }

    /** Records the acknowledged effect; returns the detail kept on the closed intent. */
    @FunctionalInterface
    interface Outcome<T> {
        String record(StoreTransaction tx, T result) throws SyncException;
    }

    private final MessageStore store;
    private final InstantSource clock;
    private final StepProbe probe;

    Journal(MessageStore store, InstantSource clock, StepProbe probe) {
        this.store = store;
        this.clock = clock;
        this.probe = probe;
    }

    <T> void perform(Connection conn, IntentSpec spec, Prep prep, Effect<T> effect, Outcome<T> outcome)
            throws SyncException {
        long id = store.write(tx -> {
            prep.run(tx);
            return tx.openIntent(spec, clock.instant());
        });
        log.debug("intent {} {} opened", id, spec.kind());
        probe.reached(StepProbe.Step.INTENT_COMMITTED, spec.kind(), id);
        for (int attempt = 1; ; attempt++) {
            T result;
            try {
                conn.noteServerChange();
                result = effect.apply(conn.provider());
            } catch (SyncException e) {
                if (handleFailure(conn, id, e, attempt)) {
                    return;
                }
                continue;
            }
            probe.reached(StepProbe.Step.EFFECT_DONE, spec.kind(), id);
            store.write(tx -> {
                String detail = outcome.record(tx, result);
                tx.closeIntent(id, IntentState.APPLIED, detail, clock.instant());
                return null;
            });
            log.debug("intent {} {} applied", id, spec.kind());
            return;
        }
    }

    /** True when the intent got resolved as applied; false to retry; throws otherwise. */
    private boolean handleFailure(Connection conn, long id, SyncException e, int attempt) throws SyncException {
        if (!e.isTransient() && e.scope() != Scope.ACCOUNT && e.status() != Status.CANCELLED) {
            store.write(tx -> {
                tx.closeIntent(id, IntentState.NOT_APPLIED, e.getMessage(), clock.instant());
                return null;
            });
            log.debug("intent {} not applied: {}", id, e.getMessage());
            throw e;
        }
        conn.recover(e, attempt); // rethrows unless transient with attempts left; then reconnected
        Intent intent = store.intent(id).orElseThrow();
        Reconciler.Resolution r = conn.read(p -> Reconciler.check(intent, p, store));
        if (r.applied()) {
            resolve(intent, r);
            return true;
        }
        store.write(tx -> {
            tx.recordAttempt(id, e.getMessage());
            return null;
        });
        return false;
    }

    /** Closes an open intent with a resolution found by read commands (RECONCILE, or after a reconnect). */
    void resolve(Intent intent, Reconciler.Resolution r) throws SyncException {
        store.write(tx -> {
            r.apply().run(tx);
            tx.closeIntent(
                    intent.id(),
                    r.applied() ? IntentState.APPLIED : IntentState.NOT_APPLIED,
                    r.detail(),
                    clock.instant());
            return null;
        });
        log.debug("intent {} {} reconciled: {}", intent.id(), intent.kind(), r.detail());
    }
}
