package org.backsync;

import java.util.Objects;

/**
 * Names one configured mail account. Case-sensitive; letters, digits, {@code . _ - @} only, so that it can appear in
 * file names, URLs and log lines without escaping.
 */
public record AccountId(String value) implements Comparable<AccountId> {
    public AccountId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 200 || !value.matches("[A-Za-z0-9._@-]+")) {
            throw new IllegalArgumentException("invalid account id: \"" + value + "\"");
        }
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public int compareTo(AccountId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
