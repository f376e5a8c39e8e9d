package org.backsync.core.outbox;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Retry;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.MailTransport;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an account's queued messages, one SMTP transaction at a time, with the state machine of CONTRACT 6.2 and the
 * duplicate-safe protocol of 6.3:
 *
 * <pre>
 * QUEUED --tx1: SENDING, attempts+1, open SMTP_SEND intent--> send
 *   hook, just before the end-of-data marker --tx: intent.dataComplete--> ".CRLF"
 *   any recipient accepted --tx: SENT + outcomes, close intent, open Sent APPEND intent--> Sent copy (SentCopy)
 *   every recipient refused                  --tx: FAILED "all recipients refused: ..."
 *   REFUSED (5xx)                            --tx: FAILED with the server's reply
 *   any other failure, no reply after the end of data excepted
 *                                            --tx: QUEUED at now + backoff; FAILED "retries exhausted: ..." after
 *                                              Backoff.maxAttempts attempts
 *   no reply after the end of data           --> OutboxRecovery.resolveUncertain (ADR 0004)
 * </pre>
 *
 * A pass first settles open intents (OutboxRecovery), then walks the Outbox in submission order and attempts every
 * QUEUED message whose next attempt is due (all of them for a flush); one waiting for its retry does not hold back
 * later ones. A failure at ACCOUNT scope (connection, logon) ends the pass: the rest would fail alike. Each pass ends
 * by setting the timer for the earliest next attempt. Passes for one account never overlap.
 */
public final class OutboxSender {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final OutboxSetup setup;
    private final SentCopy sentCopy;
    private final OutboxRecovery recovery;
    private final OutboxPasses passes;

    public OutboxSender(OutboxSetup setup) {
        this.setup = setup;
        this.sentCopy = new SentCopy(setup.store(), setup.sentFolders(), setup.clock());
        this.recovery = new OutboxRecovery(setup, sentCopy);
        this.passes = new OutboxPasses(setup, this::pass);
    }

    /** Asks for a pass over the account's Outbox on the executor; returns at once. {@code flush} ignores backoff. */
    public void trigger(AccountId account, boolean flush) {
        passes.trigger(account, flush);
    }

    /** One pass, on the calling thread: the work {@link #trigger} schedules. Returns the next wake-up, if any. */
    Optional<Instant> pass(AccountId account, boolean flush) throws SyncException {
        recovery.resolveOpenIntents(account);
        Instant now = setup.clock().instant();
        MailTransport transport = null;
        Optional<Instant> accountWait = Optional.empty();
        try {
            for (OutboxRecord rec : setup.store().outbox(account)) {
                OutboxEntry e = rec.entry();
                if (e.state() != OutboxState.QUEUED
                        || (!flush && e.nextAttempt().map(now::isBefore).orElse(false))) {
                    continue;
                }
                if (transport == null) {
                    transport = setup.transports().apply(account);
                }
                Optional<OutboxEntry> stop = sendOne(rec, transport);
                if (stop.isPresent()) {
                    accountWait = stop.get().nextAttempt();
                    break;
                }
            }
        } finally {
            if (transport != null) {
                transport.close();
            }
        }
        return nextWake(account, accountWait);
    }

    /** Sends one message; returns its entry when an ACCOUNT-scope failure should end the pass. */
    private Optional<OutboxEntry> sendOne(OutboxRecord rec, MailTransport transport) throws SyncException {
        OutboxId id = rec.entry().id();
        RawMessage stored = setup.store()
                .outboxContent(id)
                .orElseThrow(() -> new SyncException(
                        Status.NOT_FOUND, Scope.MESSAGE, "Outbox message " + id.value() + " has no content"));
        Optional<String> problem = limitsProblem(rec, stored);
        if (problem.isPresent()) {
            notify(update(id, e -> Entries.held(e, problem.get())));
            return Optional.empty();
        }
        RawMessage transmitted = withoutBcc(stored);
        Optional<Long> intent = begin(rec);
        if (intent.isEmpty()) {
            return Optional.empty(); // held or changed since the pass read it
        }
        long intentId = intent.get();
        AtomicBoolean dataComplete = new AtomicBoolean();
        List<RecipientOutcome> outcomes;
        try {
            outcomes = transport.send(new Envelope(rec.from(), rec.recipients()), transmitted, () -> {
                setup.store().write(tx -> {
                    tx.markDataComplete(intentId);
                    return null;
                });
                dataComplete.set(true);
            });
        } catch (SyncException e) {
            if (dataComplete.get() && e.isTransient()) {
                recovery.resolveUncertain(id, intentId, "the connection failed (" + e.getMessage() + ")");
                return Optional.of(rec.entry());
            }
            OutboxEntry after = failed(id, intentId, e);
            return e.scope() == Scope.ACCOUNT ? Optional.of(after) : Optional.empty();
        }
        // Accepted: from here a failure (the store) must never requeue; the open intent settles it on restart.
        accepted(rec.entry(), intentId, outcomes);
        return Optional.empty();
    }

    /** The transmitted copy (CONTRACT 6.2): the stored bytes without Bcc fields; the stored copy keeps them. */
    private static RawMessage withoutBcc(RawMessage stored) throws SyncException {
        try {
            return HeaderSection.read(stored).without(stored, "bcc");
        } catch (IOException e) {
            throw new SyncException(Status.INTERNAL_ERROR, Scope.MESSAGE, "cannot read Outbox message", null, e);
        }
    }

    private Optional<String> limitsProblem(OutboxRecord rec, RawMessage stored) throws SyncException {
        try {
            return Submission.limitsProblem(
                    stored, rec.recipients(), setup.limits().limits(rec.entry().account()));
        } catch (IOException e) {
            throw new SyncException(Status.INTERNAL_ERROR, Scope.MESSAGE, "cannot read Outbox message", null, e);
        }
    }

    /** 6.3 step 1: SENDING and the open SMTP_SEND intent, in one transaction. */
    private Optional<Long> begin(OutboxRecord rec) throws SyncException {
        OutboxId id = rec.entry().id();
        Optional<Long> intent = setup.store().write(tx -> {
            OutboxEntry cur = tx.outboxRecord(id).orElseThrow().entry();
            if (cur.state() != OutboxState.QUEUED) {
                return Optional.<Long>empty();
            }
            tx.updateOutbox(Entries.sending(cur));
            IntentSpec spec = IntentSpec.of(cur.account(), IntentKind.SMTP_SEND)
                    .withOutbox(id.value())
                    .withIdentity(Optional.of(cur.messageId()), Optional.empty());
            return Optional.of(tx.openIntent(spec, setup.clock().instant()));
        });
        log.debug(
                "{} QUEUED -> SENDING (attempt {})",
                rec.entry().messageId(),
                rec.entry().attempts() + 1);
        return intent;
    }

    /** 6.3 step 3: SENT with the outcomes, intent closed and the Sent copy intent opened, in one transaction. */
    private void accepted(OutboxEntry entry, long intentId, List<RecipientOutcome> outcomes) throws SyncException {
        List<RecipientOutcome> refused =
                outcomes.stream().filter(o -> !o.accepted()).toList();
        if (refused.size() == outcomes.size()) {
            String reason = "all recipients refused: " + refused.getFirst().reply();
            notify(setup.store().write(tx -> {
                tx.closeIntent(
                        intentId, IntentState.NOT_APPLIED, reason, setup.clock().instant());
                OutboxEntry next =
                        Entries.failed(tx.outboxRecord(entry.id()).orElseThrow().entry(), reason, outcomes);
                tx.updateOutbox(next);
                return next;
            }));
            return;
        }
        Optional<String> note = refused.isEmpty()
                ? Optional.empty()
                : Optional.of("refused for "
                        + String.join(
                                ", ",
                                refused.stream()
                                        .map(o -> o.address() + " (" + o.reply() + ")")
                                        .toList()));
        record Sent(OutboxEntry entry, Optional<Long> appendIntent) {}
        Sent sent = setup.store().write(tx -> {
            tx.closeIntent(
                    intentId, IntentState.APPLIED, "accepted", setup.clock().instant());
            OutboxEntry next =
                    Entries.sent(tx.outboxRecord(entry.id()).orElseThrow().entry(), note, outcomes);
            tx.updateOutbox(next);
            return new Sent(next, sentCopy.open(tx, entry.account(), entry.id(), entry.messageId()));
        });
        log.debug(
                "{} SENDING -> SENT ({} of {} recipients)",
                entry.messageId(),
                outcomes.size() - refused.size(),
                outcomes.size());
        notify(sent.entry());
        if (sent.appendIntent().isPresent()) {
            sentCopy.place(entry.account(), sent.appendIntent().get(), entry.id(), entry.messageId(), true);
        }
    }

    /** A failure with a known outcome (not accepted): FAILED for good, or QUEUED with backoff. */
    private OutboxEntry failed(OutboxId id, long intentId, SyncException failure) throws SyncException {
        Instant now = setup.clock().instant();
        OutboxEntry next = update(
                id,
                cur -> {
                    boolean permanent = failure.status() == Status.REFUSED;
                    if (permanent) {
                        return Entries.failed(cur, failure.getMessage(), List.of());
                    }
                    if (cur.attempts() >= setup.backoff().maxAttempts()) {
                        return Entries.failed(cur, "retries exhausted: " + failure.getMessage(), List.of());
                    }
                    Instant at = now.plus(setup.backoff().delay(cur.attempts(), setup.random()));
                    return Entries.queued(cur, Optional.of(failure.getMessage()), Optional.of(at));
                },
                intentId,
                failure.getMessage());
        log.debug(
                "{} SENDING -> {}: {} ({} retry {})",
                next.messageId(),
                next.state(),
                failure.getMessage(),
                failure.status(),
                failure.status().retry() == Retry.LATER ? "later" : "after a change");
        notify(next);
        return next;
    }

    private OutboxEntry update(OutboxId id, EntryChange change) throws SyncException {
        return update(id, change, -1, "");
    }

    private OutboxEntry update(OutboxId id, EntryChange change, long intentId, String detail) throws SyncException {
        return setup.store().write(tx -> {
            if (intentId > 0) {
                tx.closeIntent(
                        intentId, IntentState.NOT_APPLIED, detail, setup.clock().instant());
            }
            OutboxEntry next = change.apply(tx.outboxRecord(id).orElseThrow().entry());
            tx.updateOutbox(next);
            return next;
        });
    }

    @FunctionalInterface
    private interface EntryChange {
        OutboxEntry apply(OutboxEntry current);
    }

    /** The earliest time anything of this account needs the sender again. */
    private Optional<Instant> nextWake(AccountId account, Optional<Instant> accountWait) throws SyncException {
        Instant now = setup.clock().instant();
        boolean unsettled = setup.store().openIntents(account).stream().anyMatch(OutboxRecovery::isOutboxIntent);
        Optional<Instant> retrySettle =
                unsettled ? Optional.of(now.plus(setup.backoff().initial())) : Optional.empty();
        Optional<Instant> earliest = setup.store().outbox(account).stream()
                .map(OutboxRecord::entry)
                .filter(e -> e.state() == OutboxState.QUEUED)
                .map(e -> e.nextAttempt().orElse(accountWait.orElse(now)))
                .min(Instant::compareTo);
        return java.util.stream.Stream.of(retrySettle, earliest)
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    private void notify(OutboxEntry entry) {
        setup.listener().changed(entry);
    }
}
