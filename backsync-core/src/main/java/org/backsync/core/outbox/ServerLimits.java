package org.backsync.core.outbox;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.backsync.AccountId;

/**
 * What the account's submission server is known to accept: its SIZE limit (RFC 1870) and whether it offers SMTPUTF8
 * (RFC 6531). Known after the transport has talked to it once (the engine records its EHLO); unknown before.
 */
public record ServerLimits(OptionalLong maxSize, boolean smtpUtf8) {
    public ServerLimits {
        Objects.requireNonNull(maxSize, "maxSize");
    }

    /** Where the Outbox learns an account's limits; empty when no connection has told yet. Thread-safe. */
    @FunctionalInterface
    public interface Source {
        Optional<ServerLimits> limits(AccountId account);

        Source UNKNOWN = account -> Optional.empty();
    }
}
