package org.backsync.core.outbox;

import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentState;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles sends whose outcome this process does not know (CONTRACT 6.3 step 4, ADR 0004): an open {@code SMTP_SEND}
 * intent left by a crash, or a send whose connection was lost after the end-of-data marker.
 *
 * <pre>
 * intent open, data phase not complete  -> QUEUED  (the server cannot have accepted it; sending again is safe)
 * data phase complete, and then:
 *   Message-ID found in Sent             -> SENT    (not sent again)
 *   not found, server saves sent mail    -> QUEUED  (it would be there had it been accepted)
 *   not found otherwise                  -> HELD "delivery uncertain ..." for the user to decide
 *   Sent cannot be searched now          -> stays SENDING with the intent open; the next pass asks again
 * </pre>
 */
final class OutboxRecovery {
    private static final Logger log = LoggerFactory.getLogger(OutboxRecovery.class);
    static final String UNCERTAIN = "delivery uncertain";

    private final OutboxSetup setup;
    private final SentCopy sentCopy;

    OutboxRecovery(OutboxSetup setup, SentCopy sentCopy) {
        this.setup = setup;
        this.sentCopy = sentCopy;
    }

    /** True for the intents the Outbox owns: its SMTP sends and its Sent copies. */
    static boolean isOutboxIntent(Intent intent) {
        return (intent.kind() == IntentKind.SMTP_SEND
                        && intent.spec().outboxId().isPresent())
                || SentCopy.isSentCopy(intent);
    }

    /** Resolves every open Outbox intent of the account; returns true if all could be resolved now. */
    boolean resolveOpenIntents(AccountId account) throws SyncException {
        boolean all = true;
        for (Intent intent : setup.store().openIntents(account)) {
            if (intent.kind() == IntentKind.SMTP_SEND
                    && intent.spec().outboxId().isPresent()) {
                OutboxId id = new OutboxId(intent.spec().outboxId().get());
                all &= intent.dataComplete()
                        ? resolveUncertain(id, intent.id(), "the process stopped after the end of data")
                        : requeue(id, intent.id());
            } else if (SentCopy.isSentCopy(intent)) {
                all &= sentCopy.place(
                        account,
                        intent.id(),
                        new OutboxId(intent.spec().outboxId().get()),
                        intent.spec().messageId().orElseThrow(),
                        false);
            }
        }
        return all;
    }

    private boolean requeue(OutboxId id, long intentId) throws SyncException {
        OutboxEntry entry = setup.store().write(tx -> {
            tx.closeIntent(intentId, IntentState.NOT_APPLIED, "stopped before the end of data", now());
            OutboxEntry e = Entries.queued(
                    current(tx, id),
                    Optional.of("interrupted before the end of data; sending again"),
                    Optional.empty());
            tx.updateOutbox(e);
            return e;
        });
        log.debug("{} back to QUEUED: its send stopped before the end of data", entry.messageId());
        setup.listener().changed(entry);
        return true;
    }

    /**
     * Decides a send that passed the end of data without a known reply. Returns false when Sent could not be
     * searched: the message stays {@code SENDING} and the intent open.
     */
    boolean resolveUncertain(OutboxId id, long intentId, String cause) throws SyncException {
        OutboxEntry before = setup.store().outboxRecord(id).orElseThrow().entry();
        SentFolder sent = setup.sentFolders().forAccount(before.account());
        boolean found;
        try {
            found = sent.contains(before.messageId());
        } catch (SyncException e) {
            log.debug("cannot search Sent for {} yet: {}", before.messageId(), e.getMessage());
            return false;
        }
        boolean savesSent = sent.savesSentMail();
        OutboxEntry entry = setup.store().write(tx -> {
            OutboxEntry cur = current(tx, id);
            OutboxEntry next;
            if (found) {
                tx.closeIntent(intentId, IntentState.APPLIED, "found in Sent after: " + cause, now());
                next = Entries.sent(
                        cur, Optional.of("found in Sent after an interrupted send; not sent again"), cur.recipients());
            } else if (savesSent) {
                tx.closeIntent(intentId, IntentState.NOT_APPLIED, "not in Sent, which the server fills", now());
                next = Entries.queued(
                        cur,
                        Optional.of("not accepted before the connection was lost; sending again"),
                        Optional.empty());
            } else {
                tx.closeIntent(intentId, IntentState.NOT_APPLIED, UNCERTAIN, now());
                next = Entries.held(
                        cur,
                        UNCERTAIN + ": " + cause + ", before the server's reply; it may or may not"
                                + " have been accepted. Check with a recipient, then retry or delete it");
            }
            tx.updateOutbox(next);
            return next;
        });
        if (entry.state() == org.backsync.OutboxState.HELD) {
            log.warn(
                    "account {}: {} held, {}",
                    entry.account(),
                    entry.messageId(),
                    entry.reason().orElse(""));
        } else {
            log.debug("{} resolved to {} after: {}", entry.messageId(), entry.state(), cause);
        }
        setup.listener().changed(entry);
        return true;
    }

    private static OutboxEntry current(org.backsync.spi.StoreTransaction tx, OutboxId id) throws SyncException {
        return tx.outboxRecord(id)
                .orElseThrow(() -> new SyncException(
                        org.backsync.Status.NOT_FOUND,
                        org.backsync.Scope.MESSAGE,
                        "Outbox message " + id.value() + " is gone"))
                .entry();
    }

    private java.time.Instant now() {
        return setup.clock().instant();
    }
}
