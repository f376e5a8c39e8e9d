package org.backsync.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.backsync.Counts;
import org.backsync.Phase;
import org.backsync.Status;

/**
 * Monotonic counters kept by the {@link StatusBoard} tee since the board was created: finished syncs and reported
 * problems by status, messages and bytes by direction. Thread-safe; read them for metrics. Every map is filled for all
 * keys at construction and never changes shape, so reads need no lock.
 */
public final class BoardTotals {
    /** Which way data moved. */
    public enum Direction {
        UP,
        DOWN
    }

    private final Map<Status, LongAdder> syncs = filled(Status.class);
    private final Map<Status, LongAdder> errors = filled(Status.class);
    private final Map<Direction, LongAdder> messages = filled(Direction.class);
    private final Map<Direction, LongAdder> bytes = filled(Direction.class);

    BoardTotals() {}

    /** Syncs that called {@code done} with {@code status}. */
    public long syncs(Status status) {
        return syncs.get(status).sum();
    }

    /** {@code error()} reports with {@code status}, warnings included. */
    public long errors(Status status) {
        return errors.get(status).sum();
    }

    /** Messages and changes moved in {@code direction}, from each finished sync's {@link Counts}. */
    public long messages(Direction direction) {
        return messages.get(direction).sum();
    }

    /** Bytes moved in {@code direction}, from the growth of {@code bytesDone} in upload and download phases. */
    public long bytes(Direction direction) {
        return bytes.get(direction).sum();
    }

    void syncDone(Status status, Counts counts) {
        syncs.get(status).increment();
        messages.get(Direction.UP).add(counts.uploaded());
        messages.get(Direction.DOWN).add(counts.downloaded());
    }

    void error(Status status) {
        errors.get(status).increment();
    }

    void bytesMoved(Phase phase, long delta) {
        if (delta <= 0) {
            return;
        }
        switch (phase) {
            case UPLOAD_HIERARCHY, UPLOAD_CONTENTS -> bytes.get(Direction.UP).add(delta);
            case DOWNLOAD_HIERARCHY, DOWNLOAD_CONTENTS ->
                bytes.get(Direction.DOWN).add(delta);
            case RECONCILE -> {}
        }
    }

    private static <K extends Enum<K>> Map<K, LongAdder> filled(Class<K> type) {
        EnumMap<K, LongAdder> map = new EnumMap<>(type);
        for (K k : type.getEnumConstants()) {
            map.put(k, new LongAdder());
        }
        return map;
    }
}
