package org.backsync.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message's metadata on the server. {@code size} is RFC822.SIZE, or {@code -1} when not fetched; {@code
 * internalDate} and {@code messageId} are present for new messages and where the provider fetched them.
 */
public record RemoteMessage(
        Uid uid,
        Flags flags,
        Optional<ModSeq> modSeq,
        long size,
        Optional<Instant> internalDate,
        Optional<String> messageId) {
    public RemoteMessage {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(modSeq, "modSeq");
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(messageId, "messageId");
    }

    public static RemoteMessage of(Uid uid, Flags flags) {
        return new RemoteMessage(uid, flags, Optional.empty(), -1, Optional.empty(), Optional.empty());
    }
}
