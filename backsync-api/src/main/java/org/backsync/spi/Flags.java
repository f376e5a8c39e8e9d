package org.backsync.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of IMAP flags and keywords. System flags ({@code \Seen}, {@code \Answered}, {@code \Flagged},
 * {@code \Deleted}, {@code \Draft}) are normalized to their RFC 3501 spelling, since servers match them without case;
 * keywords are kept as given. {@code \Recent} is session state, never stored, and is dropped.
 */
public record Flags(Set<String> values) {
    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final Flags NONE = new Flags(Set.of());

    private static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    public Flags {
        TreeSet<String> normalized = new TreeSet<>();
        for (String v : values) {
            String n = normalize(v);
            if (!n.equalsIgnoreCase("\\Recent")) {
                normalized.add(n);
            }
        }
        values = Set.copyOf(normalized);
    }

    public static Flags of(String... flags) {
        return new Flags(Set.copyOf(Arrays.asList(flags)));
    }

    public static Flags of(Collection<String> flags) {
        return new Flags(Set.copyOf(flags));
    }

    private static String normalize(String flag) {
        if (!isFlagAtom(flag)) {
            throw new IllegalArgumentException("invalid flag: \"" + flag + "\"");
        }
        if (flag.startsWith("\\")) {
            for (String s : SYSTEM) {
                if (s.equalsIgnoreCase(flag)) {
                    return s;
                }
            }
            return "\\" + flag.substring(1, 2).toUpperCase(Locale.ROOT)
                    + flag.substring(2).toLowerCase(Locale.ROOT);
        }
        return flag;
    }

    /** Non-empty printable ASCII without space, parentheses or quotes (a loop: this runs for every flag fetched). */
    private static boolean isFlagAtom(String flag) {
        if (flag.isEmpty()) {
            return false;
        }
        for (int i = 0; i < flag.length(); i++) {
            char c = flag.charAt(i);
            if (c <= ' ' || c == '(' || c == ')' || c == '"' || c > 126) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(String flag) {
        return values.contains(normalize(flag));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Flags with(Flags other) {
        TreeSet<String> s = new TreeSet<>(values);
        s.addAll(other.values);
        return new Flags(s);
    }

    public Flags with(String flag) {
        return with(Flags.of(flag));
    }

    public Flags without(Flags other) {
        TreeSet<String> s = new TreeSet<>(values);
        s.removeAll(other.values);
        return new Flags(s);
    }

    public Flags without(String flag) {
        return without(Flags.of(flag));
    }

    /** Flags in this set and not in {@code other}. */
    public Flags minus(Flags other) {
        return without(other);
    }

    /**
     * The per-flag three-way merge of CONTRACT 4.6: a flag changed on one side only takes that side's value; with no
     * base (first contact) the result is the union. Flags are boolean, so the merge never conflicts.
     */
    public static Flags merge(Optional<Flags> base, Flags local, Flags remote) {
        if (base.isEmpty()) {
            return local.with(remote);
        }
        Flags b = base.get();
        TreeSet<String> all = new TreeSet<>(b.values);
        all.addAll(local.values);
        all.addAll(remote.values);
        TreeSet<String> out = new TreeSet<>();
        for (String f : all) {
            boolean inBase = b.values.contains(f);
            boolean inLocal = local.values.contains(f);
            boolean inRemote = remote.values.contains(f);
            boolean value = inLocal != inBase ? inLocal : inRemote;
            if (value) {
                out.add(f);
            }
        }
        return new Flags(out);
    }

    /** IMAP list syntax, for example {@code (\Seen \Flagged $Label1)}. */
    @Override
    public String toString() {
        return "(" + String.join(" ", new TreeSet<>(values)) + ")";
    }
}
