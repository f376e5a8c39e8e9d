package org.backsync.core;

import java.util.ArrayList;
import java.util.List;
import org.backsync.spi.IntentKind;
import org.jspecify.annotations.Nullable;

/**
 * A journal step probe for the scenario harness: counts steps, records them, and throws {@link Crash} at step {@code
 * crashAt} (0-based) to simulate a process dying there. Armed per sync; used by one session thread at a time.
 */
final class CrashProbe implements StepProbe {
    /** The simulated crash; nothing in the engine catches it except the sync boundary. */
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    private volatile int crashAt = -1;
    private volatile @Nullable String hookOn;
    private volatile @Nullable Runnable hook;
    private volatile @Nullable String crashOn;
    private volatile int seen;
    private final List<String> steps = new ArrayList<>();

    /** Counts from zero again and crashes at {@code step}; -1 never crashes. */
    void arm(int step) {
        crashAt = step;
        crashOn = null;
        seen = 0;
        steps.clear();
    }

    /** Crashes at the first {@code step} of an intent of {@code kind}. */
    void armFor(Step step, IntentKind kind) {
        arm(-1);
        crashOn = step + " " + kind;
    }

    /**
     * Runs {@code action} once, at the first {@code step} of an intent of {@code kind}, before any crash there: another
     * client acting between our journal write and our command. Kept across {@link #arm}.
     */
    void once(Step step, IntentKind kind, Runnable action) {
        hookOn = step + " " + kind;
        hook = action;
    }

    int seen() {
        return seen;
    }

    List<String> steps() {
        return List.copyOf(steps);
    }

    /** The index of the last EFFECT_DONE step seen, or -1. */
    int lastEffectStep() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).startsWith(Step.EFFECT_DONE.name())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void reached(Step step, IntentKind kind, long intentId) {
        int k = seen++;
        steps.add(step + " " + kind + " #" + intentId);
        Runnable h = hook;
        if (h != null && (step + " " + kind).equals(hookOn)) {
            hook = null;
            h.run();
        }
        String on = crashOn;
        if (k == crashAt || (on != null && on.equals(step + " " + kind))) {
            crashOn = null;
            throw new Crash("at step " + k + ": " + step + " " + kind);
        }
    }
}
