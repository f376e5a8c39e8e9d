package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;

/**
 * Runs one {@link Scenario} the four ways (isync's run-tests.pl): straight; with the journal replayed (a crash just
 * after the last remote effect, before its outcome was recorded, then a resume); again, changing nothing (B35); and
 * for every journal step k, a crash at k and a resume by a new engine, each compared with the same after table and
 * checked for lost or duplicated messages (B34).
 */
final class ScenarioRunner {
    /** Makes the world a scenario runs in: on the fake, or on a real server. */
    @FunctionalInterface
    interface Worlds {
        ScenarioWorld create(Scenario s) throws Exception;

        Worlds FAKE = s -> new ScenarioWorld(s.capabilities(), s.settings());
    }

    /** Set to run every row on a real server the four ways, as on the fake (minutes, not seconds). */
    static final String LONG_PROFILE = "backsync.scenarios.long";

    private final Scenario s;
    private final Worlds worlds;

    /**
     * The runs of one row on a real server: straight, then again; with {@code -Dbacksync.scenarios.long=true} also with
     * the journal replayed and with a crash at every journal step.
     */
    static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> onRealServer(ScenarioRunner r) {
        var straight = org.junit.jupiter.api.DynamicTest.dynamicTest("straight, then again", r::straightThenAgain);
        if (!Boolean.getBoolean(LONG_PROFILE)) {
            return java.util.stream.Stream.of(straight);
        }
        return java.util.stream.Stream.of(
                straight,
                org.junit.jupiter.api.DynamicTest.dynamicTest("with the journal replayed", r::journalReplayed),
                org.junit.jupiter.api.DynamicTest.dynamicTest(
                        "crash at every journal step, then resume", r::crashAtEveryStep));
    }

    /** Every row on a real server, one container of {@link #onRealServer(ScenarioRunner)} runs per row. */
    static java.util.stream.Stream<org.junit.jupiter.api.DynamicContainer> onRealServer(
            java.util.List<Scenario> rows, Worlds worlds) {
        return rows.stream()
                .map(s -> org.junit.jupiter.api.DynamicContainer.dynamicContainer(
                        s.name(), onRealServer(new ScenarioRunner(s, worlds))));
    }

    ScenarioRunner(Scenario s) {
        this(s, Worlds.FAKE);
    }

    ScenarioRunner(Scenario s, Worlds worlds) {
        this.s = s;
        this.worlds = worlds;
    }

    /** A world in the scenario's before state: base content synced once, changes applied, journal prepared. */
    ScenarioWorld prepared() throws Exception {
        ScenarioWorld w = worlds.create(s);
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
        if (s.during().isPresent()) {
            Scenario.During d = s.during().get();
            w.probe.once(StepProbe.Step.INTENT_COMMITTED, d.kind(), () -> {
                try {
                    d.change().apply(w);
                } catch (Exception e) {
                    throw new IllegalStateException("the second client's change failed", e);
                }
            });
        }
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
        straightIn(prepared());
    }

    /**
     * Straight, then once more changing nothing in the same world: the cheap pair for a real server, where every
     * world costs server round trips.
     */
    void straightThenAgain() throws Exception {
        ScenarioWorld w = prepared();
        straightIn(w);
        againIn(w);
    }

    private void straightIn(ScenarioWorld w) throws Exception {
        List<String> before = w.snapshot();

        SyncResult r = run(w);

        assertThat(r.status()).as("status; errors %s", r.errors()).isEqualTo(s.status());
        assertThat(w.snapshot()).as("after table; before it was %s", before).containsExactlyElementsOf(s.expected());
        assertThat(r.errors().stream().filter(e -> e.status() == Status.CONFLICT))
                .as("CONFLICT reports; errors %s", r.errors())
                .hasSize(s.conflicts());
        assertThat(r.errors().stream().filter(e -> e.status() == Status.CONFLICT))
                .as("each CONFLICT names its folder")
                .allMatch(e -> e.folder().isPresent());
        if (s.reports().isPresent()) {
            assertThat(r.errors())
                    .as("errors")
                    .anyMatch(e -> e.message().contains(s.reports().get()));
        }
        assertMirror(w);
    }

    /**
     * When the after table has both sides agree, the whole mirror agrees: per folder, the same messages with the same
     * SHA-256 of their bytes and the same flags (header-only items compared by name and flags only).
     */
    void assertMirror(ScenarioWorld w) throws Exception {
        if (s.expected().stream().anyMatch(l -> !l.startsWith("local ") && !l.startsWith("remote "))
                || s.after().stream()
                        .anyMatch(
                                l -> l.strip().startsWith("local ") || l.strip().startsWith("remote "))) {
            return; // the table itself says the sides differ
        }
        assertThat(w.mirror(true)).as("the store, message by message").containsExactlyElementsOf(w.mirror(false));
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
        againIn(w);
    }

    private void againIn(ScenarioWorld w) throws Exception {
        int before = w.remote.commandNames().size();

        SyncResult r = w.sync(s.request());

        List<String> all = w.remote.commandNames();
        List<String> second = all.subList(before, all.size());
        if (s.status() == Status.OK) { // otherwise a change stays pending on purpose, and is tried again
            assertThat(second).as("commands of the second sync").noneMatch(RemoteSide.MUTATIONS::contains);
        }
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
