package org.backsync.core.outbox;

import org.backsync.AccountId;
import org.backsync.RawMessage;
import org.backsync.spi.SyncException;

/**
 * The account's special-use Sent folder on the server, as far as the Outbox needs it: find a message by Message-ID
 * (to resolve a send interrupted after the end of data, CONTRACT 6.3 step 4) and append the Sent copy (6.4). The
 * engine implements it over a {@code MailProvider}; it may open a connection per call. Called outside any store
 * transaction and lock, from the sender's thread.
 */
public interface SentFolder {
    /** Gives an account's Sent folder. Thread-safe. */
    @FunctionalInterface
    interface Factory {
        SentFolder forAccount(AccountId account);
    }

    /**
     * True when the server puts a copy of submitted mail in Sent by itself: configured for the account, or detected
     * earlier (see {@link #recordSavesSentMail()}). Then the Outbox appends nothing, and a message missing from Sent
     * after an interrupted send was not accepted.
     */
    boolean savesSentMail();

    /** Remembers for the account that a copy appeared in Sent without an append (6.4 "detected"). */
    void recordSavesSentMail();

    /** Read-only: whether Sent holds a message with this Message-ID. Transient failures: retry later. */
    boolean contains(String messageId) throws SyncException;

    /** Appends {@code message} (the stored copy, Bcc kept) to Sent, seen. Not idempotent: check {@link #contains}. */
    void append(String messageId, RawMessage message) throws SyncException;
}
