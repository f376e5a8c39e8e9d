package org.backsync.core;

import org.backsync.Phase;
import org.backsync.Progress;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one phase, kept honest (R13, R14): it opens with a call that has text, {@code index} and {@code
 * bytesDone} never decrease, a total is raised rather than exceeded and never lowered below {@code index}, and {@link
 * #finish()} ends a phase with a known total at {@code index == max}. Used on the session's thread only.
 */
final class PhaseProgress {
    private final Phase phase;
    private final ListenerDispatch dispatch;
    private long index;
    private long max;
    private long bytesDone;
    private long bytesTotal;

    PhaseProgress(Phase phase, ListenerDispatch dispatch, String text, long max) {
        this.phase = phase;
        this.dispatch = dispatch;
        this.max = Math.max(0, max);
        emit(text);
    }

    /** New text for the user, same numbers. */
    void text(String text) {
        emit(text);
    }

    /** {@code units} more done, {@code bytes} more transferred. */
    void advance(long units, long bytes) {
        index += Math.max(0, units);
        bytesDone += Math.max(0, bytes);
        if (max > 0 && index > max) {
            max = index;
        }
        if (bytesTotal > 0 && bytesDone > bytesTotal) {
            bytesTotal = bytesDone;
        }
        emit(null);
    }

    /** Revises the total; it never goes below the current index (R13). */
    void total(long newMax) {
        max = Math.max(index, newMax);
        emit(null);
    }

    /** Adds to the total. */
    void addToTotal(long units) {
        total(max + units);
    }

    /** The phase is over: a known total ends at {@code index == max}. */
    void finish() {
        if (max > 0) {
            index = max;
        }
        emit(null);
    }

    long index() {
        return index;
    }

    long max() {
        return max;
    }

    private void emit(@Nullable String text) {
        dispatch.progress(new Progress(phase, text, index, max, bytesDone, bytesTotal));
    }
}
