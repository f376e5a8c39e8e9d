package org.backsync.core.outbox;

import java.time.InstantSource;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.MessageStore;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sent copy of a sent message (CONTRACT 6.4), appended exactly once through a journaled APPEND intent that carries
 * the Outbox id and the Message-ID. Opened in the same transaction that marks the message {@code SENT}, so a crash
 * leaves either no intent (not sent yet) or an open one that the next pass finishes: Sent is searched first, and
 * only a message not found there is appended. Nothing is appended when the server saves sent mail itself.
 *
 * <p>These APPEND intents belong to the Outbox: they have {@code outboxId} set and no local message id, and a sync's
 * reconciliation leaves them alone.
 */
final class SentCopy {
    private static final Logger log = LoggerFactory.getLogger(SentCopy.class);

    private final MessageStore store;
    private final SentFolder.Factory folders;
    private final InstantSource clock;

    SentCopy(MessageStore store, SentFolder.Factory folders, InstantSource clock) {
        this.store = store;
        this.folders = folders;
        this.clock = clock;
    }

    /** Inside the SENT transaction: opens the APPEND intent, or returns empty if the server keeps its own copy. */
    Optional<Long> open(StoreTransaction tx, AccountId account, OutboxId id, String messageId) throws SyncException {
        if (folders.forAccount(account).savesSentMail()) {
            return Optional.empty();
        }
        IntentSpec spec = IntentSpec.of(account, IntentKind.APPEND)
                .withOutbox(id.value())
                .withIdentity(Optional.of(messageId), Optional.empty());
        return Optional.of(tx.openIntent(spec, clock.instant()));
    }

    /** True for an APPEND intent that is a Sent copy of an Outbox message. */
    static boolean isSentCopy(org.backsync.spi.Intent intent) {
        return intent.kind() == IntentKind.APPEND && intent.spec().outboxId().isPresent();
    }

    /**
     * Puts the copy in Sent unless it is there already, then closes the intent. {@code justSent}: the message was
     * accepted moments ago in this process, so a copy already in Sent was made by the server (6.4 "detected").
     * A failure leaves the intent open for the next pass and is returned as false.
     */
    boolean place(AccountId account, long intentId, OutboxId id, String messageId, boolean justSent)
            throws SyncException {
        SentFolder sent = folders.forAccount(account);
        String detail;
        try {
            if (sent.contains(messageId)) {
                if (justSent) {
                    sent.recordSavesSentMail();
                    log.info(
                            "account {}: the server saved {} in Sent itself; no Sent copies from now on",
                            account,
                            messageId);
                }
                detail = "already in Sent";
            } else {
                RawMessage stored = store.outboxContent(id)
                        .orElseThrow(() -> new SyncException(
                                Status.NOT_FOUND, Scope.MESSAGE, "Outbox message " + id.value() + " has no content"));
                sent.append(messageId, stored);
                detail = "appended to Sent";
            }
        } catch (SyncException e) {
            if (e.scope() == Scope.ACCOUNT && e.status() == Status.CORRUPT_STORE) {
                throw e;
            }
            log.debug("Sent copy of {} not placed yet: {}", messageId, e.getMessage());
            store.write(tx -> {
                tx.recordAttempt(intentId, e.getMessage());
                return null;
            });
            return false;
        }
        store.write(tx -> {
            tx.closeIntent(intentId, IntentState.APPLIED, detail, clock.instant());
            return null;
        });
        log.debug("Sent copy of {}: {}", messageId, detail);
        return true;
    }
}
