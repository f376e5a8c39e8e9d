package org.backsync.spi;

/** A folder's UIDVALIDITY (RFC 3501 §2.3.1.1): when it changes, every stored UID of that folder is void. */
public record UidValidity(long value) {
    public UidValidity {
        if (value < 1 || value > Uid.MAX) {
            throw new IllegalArgumentException("UIDVALIDITY out of range: " + value);
        }
    }

    public static UidValidity of(long value) {
        return new UidValidity(value);
    }
}
