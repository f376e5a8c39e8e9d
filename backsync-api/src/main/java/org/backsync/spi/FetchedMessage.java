package org.backsync.spi;

import java.util.Objects;
import org.backsync.RawMessage;

/**
 * One message as fetched: its metadata and either the whole message or, when {@code headerOnly}, the header section
 * only (RFC 5322 header plus the blank line). Bytes are exactly as the server sent them.
 */
public record FetchedMessage(RemoteMessage meta, RawMessage content, boolean headerOnly) {
    public FetchedMessage {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(content, "content");
    }
}
