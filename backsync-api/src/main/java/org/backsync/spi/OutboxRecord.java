package org.backsync.spi;

import java.util.List;
import java.util.Objects;
import org.backsync.OutboxEntry;

/**
 * An Outbox message as the store holds it: its public state and its envelope as parsed at submission. {@code
 * recipients} may be empty, and {@code from} blank, for a message held because it failed validation. The content is
 * read with {@link StoreReader#outboxContent}.
 */
public record OutboxRecord(OutboxEntry entry, String from, List<String> recipients) {
    public OutboxRecord {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
    }
}
