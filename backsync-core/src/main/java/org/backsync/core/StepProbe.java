package org.backsync.core;

import org.backsync.spi.IntentKind;

/**
 * Called by the {@link Journal} at each step of a journaled remote effect, outside any transaction: after the intent
 * is committed and after the remote effect returned, before its outcome is committed. Tests throw from it to simulate
 * a crash at step k; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface StepProbe {
    enum Step {
        INTENT_COMMITTED,
        EFFECT_DONE
    }

    void reached(Step step, IntentKind kind, long intentId);

    StepProbe NONE = (step, kind, intentId) -> {};
}
