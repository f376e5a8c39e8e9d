package org.backsync.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.backsync.RawMessage;

/**
 * A message to insert into the store: downloaded ({@code remote} present, {@code baseFlags} equal to the server's
 * flags) or created locally ({@code remote} empty, pending an APPEND). The store copies {@code content} before the
 * insert returns.
 */
public record NewMessage(
        Optional<RemoteRef> remote,
        Optional<String> messageId,
        Instant internalDate,
        long size,
        Flags flags,
        Optional<Flags> baseFlags,
        Optional<ModSeq> modSeq,
        boolean headerOnly,
        RawMessage content) {
    public NewMessage {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(baseFlags, "baseFlags");
        Objects.requireNonNull(modSeq, "modSeq");
        Objects.requireNonNull(content, "content");
    }

    /** A message downloaded from {@code folderId}: local and base flags are the server's. */
    public static NewMessage downloaded(long folderId, FetchedMessage m) {
        RemoteMessage meta = m.meta();
        return new NewMessage(
                Optional.of(new RemoteRef(folderId, meta.uid())),
                meta.messageId(),
                meta.internalDate().orElse(Instant.EPOCH),
                meta.size() >= 0 ? meta.size() : m.content().size(),
                meta.flags(),
                Optional.of(meta.flags()),
                meta.modSeq(),
                m.headerOnly(),
                m.content());
    }

    /** A message created locally (a draft, a copy from another account): pending an APPEND. */
    public static NewMessage local(Optional<String> messageId, Instant internalDate, Flags flags, RawMessage content) {
        return new NewMessage(
                Optional.empty(),
                messageId,
                internalDate,
                content.size(),
                flags,
                Optional.empty(),
                Optional.empty(),
                false,
                content);
    }
}
