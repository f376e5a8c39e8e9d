package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.testing.RecordedCommand;

/**
 * Runs one {@link Scenario} the four ways (isync's run-tests.pl): straight; with the journal replayed (a crash just
 * after the last remote effect, before its outcome was recorded, then a resume); again, changing nothing (B35); and
 * for every journal step k, a crash at k and a resume by a new engine, each compared with the same after table and
 * checked for lost or duplicated messages (B34).
 */
final class ScenarioRunner {
    private final Scenario s;

    ScenarioRunner(Scenario s) {
        this.s = s;
    }

    /** A world in the scenario's before state: base content synced once, changes applied, journal prepared. */
    ScenarioWorld prepared() throws Exception {
        ScenarioWorld w = new ScenarioWorld(s.capabilities(), s.settings());
        s.base().apply(w);
        assertThat(w.sync(SyncRequest.all(EngineFixture.ALICE)).status())
                .as("base sync")
                .isEqualTo(Status.OK);
        s.changes().apply(w);
        if (s.journal().isPresent()) {
            w.probe.armFor(s.journal().get().step(), s.journal().get().kind());
            SyncResult crashed = run(w);
            assertThat(crashed.status()).as("the crash that leaves the journal").isEqualTo(Status.INTERNAL_ERROR);
            assertThat(w.store.openIntents(EngineFixture.ALICE))
                    .as("open intents before")
                    .isNotEmpty();
        }
        w.probe.arm(-1);
        return w;
    }

    /** The scenario's sync: {@code passes} syncs, stopping at a crash. */
    private SyncResult run(ScenarioWorld w) {
        SyncResult r = w.sync(s.request());
        for (int i = 1; i < s.passes() && r.status() != Status.INTERNAL_ERROR; i++) {
            r = w.sync(s.request());
        }
        return r;
    }

    void straight() throws Exception {
        ScenarioWorld w = prepared();
        List<String> before = w.snapshot();

        SyncResult r = run(w);

        assertThat(r.status()).as("status; errors %s", r.errors()).isEqualTo(s.status());
        assertThat(w.snapshot()).as("after table; before it was %s", before).containsExactlyElementsOf(s.expected());
    }

    void journalReplayed() throws Exception {
        int lastEffect = countingRun().lastEffectStep();
        ScenarioWorld w = prepared();
        if (lastEffect >= 0) {
            w.probe.arm(lastEffect);
            assertThat(run(w).status()).isEqualTo(Status.INTERNAL_ERROR);
            assertThat(w.store.openIntents(EngineFixture.ALICE))
                    .as("intent left open")
                    .hasSize(1);
            w.probe.arm(-1);
        }

        SyncResult r = run(w);

        assertThat(r.status()).as("status after resume").isEqualTo(s.status());
        assertThat(w.snapshot()).as("after table").containsExactlyElementsOf(s.expected());
    }

    void againChangingNothing() throws Exception {
        ScenarioWorld w = prepared();
        run(w);
        int before = w.server.commands().size();

        SyncResult r = w.sync(s.request());

        List<RecordedCommand> second =
                w.server.commands().subList(before, w.server.commands().size());
        assertThat(second).as("commands of the second sync").noneMatch(RecordedCommand::isMutation);
        assertThat(r.counts().uploaded()).as("uploaded").isZero();
        assertThat(r.counts().downloaded()).as("downloaded").isZero();
        assertThat(w.snapshot()).as("after table").containsExactlyElementsOf(s.expected());
    }

    /** Returns the number of crash points exercised. */
    int crashAtEveryStep() throws Exception {
        int steps = countingRun().seen();
        for (int k = 0; k < steps; k++) {
            ScenarioWorld w = prepared();
            w.probe.arm(k);
            SyncResult crashed = run(w);
            assertThat(crashed.status()).as("crash at step %d", k).isEqualTo(Status.INTERNAL_ERROR);
            w.probe.arm(-1);

            SyncResult resumed = run(w);

            assertThat(resumed.status())
                    .as("resume after a crash at step %d", k)
                    .isEqualTo(s.status());
            assertThat(w.snapshot())
                    .as("after table, crash at step %d: %s", k, w.probe.steps())
                    .containsExactlyElementsOf(s.expected());
            assertNoLostOrDuplicated(w, k);
        }
        return steps;
    }

    private CrashProbe countingRun() throws Exception {
        ScenarioWorld w = prepared();
        run(w);
        return w.probe;
    }

    /** Every (folder, message) appears once per side, and both sides hold the same bytes (B34). */
    private static void assertNoLostOrDuplicated(ScenarioWorld w, int k) throws Exception {
        Map<String, String> local = new HashMap<>();
        Map<String, String> remote = new HashMap<>();
        for (String line : w.copies()) {
            String[] p = line.split(" ");
            Map<String, String> side = line.endsWith("(remote)") ? remote : local;
            String key = p[0] + " " + p[1];
            assertThat(side.put(key, p[2]))
                    .as("duplicate %s after a crash at step %d", key, k)
                    .isNull();
        }
        local.forEach((key, hash) -> {
            if (remote.containsKey(key)) {
                assertThat(remote.get(key))
                        .as("content of %s after a crash at step %d", key, k)
                        .isEqualTo(hash);
            }
        });
    }
}
