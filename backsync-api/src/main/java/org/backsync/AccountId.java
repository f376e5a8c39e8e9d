package org.backsync;

import java.util.Objects;

/**
 * Names one configured mail account. Case-sensitive; letters, digits, {@code . _ - @} only, so that it can appear in
 * file names, URLs and log lines without escaping.
 */
public record AccountId(String value) implements Comparable<AccountId> {
    public AccountId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 200 || !allowed(value)) {
            throw new IllegalArgumentException("invalid account id: \"" + value + "\"");
        }
    }

    /** {@code [A-Za-z0-9._@-]+}, checked without a regex: an id is made for every folder row the store reads. */
    private static boolean allowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '@'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
