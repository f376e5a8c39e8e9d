package org.backsync.testing;

import java.util.Collection;
import java.util.TreeSet;
import org.backsync.spi.Uid;

/** IMAP sequence-set syntax for recorded commands: {@code 1:3,7,9:10}. */
final class UidSets {
    private UidSets() {}

    static String format(Collection<Uid> uids) {
        StringBuilder out = new StringBuilder();
        long start = -1;
        long prev = -1;
        for (Uid u : new TreeSet<>(uids)) {
            long v = u.value();
            if (start < 0) {
                start = v;
            } else if (v != prev + 1) {
                append(out, start, prev);
                start = v;
            }
            prev = v;
        }
        if (start >= 0) {
            append(out, start, prev);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, long start, long end) {
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(start);
        if (end != start) {
            out.append(':').append(end);
        }
    }
}
