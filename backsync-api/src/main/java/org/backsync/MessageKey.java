package org.backsync;

import java.util.Objects;

/**
 * A message in the local store: its account and its local id. The local id is stable for the message's whole life in
 * the store: it survives moves, UIDVALIDITY changes and promotion from header-only to full.
 */
public record MessageKey(AccountId account, long localId) {
    public MessageKey {
        Objects.requireNonNull(account, "account");
        if (localId <= 0) {
            throw new IllegalArgumentException("localId <= 0: " + localId);
        }
    }
}
