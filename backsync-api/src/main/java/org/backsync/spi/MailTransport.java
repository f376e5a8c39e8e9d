package org.backsync.spi;

import java.util.List;
import java.util.Objects;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;

/**
 * Sends one message over SMTP. Not thread-safe: one instance per sending thread.
 *
 * <p>A send that throws has not been accepted by the server unless the hook {@link Envelope} says otherwise: when
 * {@code dataComplete} has run, the end-of-data marker may have reached the server, and the outcome is unknown
 * (CONTRACT 6.3).
 */
public interface MailTransport extends AutoCloseable {
    /** The envelope of one send: the reverse path and the forward paths. */
    record Envelope(String from, List<String> recipients) {
        public Envelope {
            Objects.requireNonNull(from, "from");
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("no recipients");
            }
        }
    }

    /** Called once, just before the end-of-data marker is sent; the journal records it before returning. */
    @FunctionalInterface
    interface DataCompleteHook {
        void dataComplete() throws SyncException;
    }

    /**
     * Sends {@code message} (with its Bcc header removed by the caller) to the envelope's recipients.
     *
     * @return one outcome per recipient, in envelope order; the message was accepted if any recipient was
     * @throws SyncException {@code NETWORK_ERROR}/{@code TIMEOUT} (retry later), {@code LOGON_FAILED}, {@code BUSY}
     *     for a 4xx reply, or a failure with the server's text for a 5xx reply
     */
    List<RecipientOutcome> send(Envelope envelope, RawMessage message, DataCompleteHook hook) throws SyncException;

    /** Closes the connection; never throws. */
    @Override
    void close();
}
