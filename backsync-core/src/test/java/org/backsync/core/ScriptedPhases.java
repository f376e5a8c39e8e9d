package org.backsync.core;

import org.backsync.Phase;

/** Phase implementations for engine tests: every phase does nothing unless given a script. */
final class ScriptedPhases {
    private static final PhaseRunner NOTHING = ctx -> {};

    private ScriptedPhases() {}

    /** {@code script} runs as DOWNLOAD_CONTENTS; the other phases do nothing. */
    static Phases download(PhaseRunner script) {
        return new Phases(NOTHING, NOTHING, NOTHING, NOTHING, script);
    }

    /** {@code script} runs as every requested phase. */
    static Phases every(PhaseRunner script) {
        return new Phases(NOTHING, script, script, script, script);
    }

    /** A phase that opens with text, reports {@code n} units, and finishes. */
    static PhaseRunner counting(int n) {
        return ctx -> {
            PhaseProgress p = ctx.startPhase(Phase.DOWNLOAD_CONTENTS, "Counting to " + n, n);
            for (int i = 0; i < n; i++) {
                ctx.checkpoint();
                p.advance(1, 10);
            }
            p.finish();
        };
    }
}
