package org.backsync.store.sqlite;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongFunction;
import org.backsync.spi.Flags;

/**
 * How values are written to columns. Times are microseconds since the epoch (Linux clocks tick in microseconds, so
 * {@code Instant.now()} round-trips; IMAP INTERNALDATE has whole seconds). Flag sets are sorted, space-separated atoms;
 * id lists are comma-separated numbers.
 */
final class Columns {
    private Columns() {}

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static Optional<Long> micros(Optional<Instant> t) {
        return t.map(Columns::micros);
    }

    static String flags(Flags flags) {
        return String.join(" ", new TreeSet<>(flags.values()));
    }

    static Optional<String> flags(Optional<Flags> flags) {
        return flags.map(Columns::flags);
    }

    static Flags flags(String column) {
        return column.isEmpty() ? Flags.NONE : Flags.of(column.split(" "));
    }

    static String longs(List<Long> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    static <T> List<T> longs(String column, LongFunction<T> map) {
        if (column.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(column.split(","))
                .map(s -> map.apply(Long.parseLong(s)))
                .toList();
    }
}
