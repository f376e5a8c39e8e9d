package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ReliabilityTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a real engine in a child JVM syncs all four directions against Dovecot and is killed with {@code kill -9}
 * mid-sync. Before each trial, random local changes (flags, moves, deletes, new messages) and server changes
 * (new messages, flag flips, expunges, by another client) are made. After the kill, the engine is restarted and syncs
 * to the end (twice in the long profile); then the server, the store and the model must agree: no message lost or duplicated (Message-ID and
 * SHA-256), no flag change lost, every error reported with a status.
 *
 * <p>Where the kill lands: one trial in ten kills the child at a random moment of its start-up; the others after the
 * k-th progress report of its sync, k drawn between 1 and the number of reports a complete sync printed lately, so
 * that nearly every kill lands mid-sync. The tally counts where each kill landed.
 *
 * <p>30 trials by default, 300 with {@code -Dbacksync.reliability=long}.
 */
class KillNineReliabilityIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path dir;

    @Test
    void killNineAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        ReliabilityTally tally = new ReliabilityTally("kill -9 during a four-direction sync");
        SplittableRandom random = new SplittableRandom(tally.seed());
        MailWorld world = new MailWorld(dovecot, dir.resolve("store"), random);
        ChildRuns runs = new ChildRuns(dovecot, ChildRuns.logDir("kill9"));
        world.seedServer(6);
        ChildRuns.Report first = runs.runToEnd(world);
        assertThat(first.status()).as(first.output()).contains("OK");
        assertThat(StateCheck.check(world).problems()).as("the first full sync").isEmpty();
        // the kill point: after the k-th progress report, k drawn up to the length of a complete sync, learnt from
        // the syncs that ran to their end (the first, each recovery and each child that beat its kill)
        double syncLines = runs.lastProgressLines();

        int trials = ReliabilityTally.trials(30, 300);
        for (int i = 0; i < trials; i++) {
            var touched = world.localChanges(2 + random.nextInt(5));
            world.serverChanges(1 + random.nextInt(4), touched);
            boolean duringStartUp = random.nextInt(10) == 0;
            int k = 1 + random.nextInt(Math.max(1, (int) syncLines));
            try (ChildJvm child = runs.start(world, dovecot.port())) {
                if (duringStartUp) {
                    child.waitFor(Duration.ofMillis(random.nextLong(800)));
                } else {
                    ChildRuns.awaitProgress(child, k, Duration.ofSeconds(30));
                }
                child.kill();
                String out = child.output();
                int lines = ChildRuns.progressLines(out);
                if (out.contains("DONE ")) { // the result was in: whatever the kill hit, the sync was over
                    tally.outcome("kill after the sync had finished");
                    syncLines = 0.8 * syncLines + 0.2 * lines;
                } else if (out.lines().noneMatch(l -> l.startsWith("START"))) {
                    tally.outcome("kill before the sync started (JVM start-up, store open)");
                } else {
                    String phase = out.lines()
                            .filter(l -> l.startsWith("P "))
                            .reduce((a, b) -> b)
                            .map(l -> l.split(" ")[1])
                            .orElse("before its first report");
                    tally.outcome("kill mid-sync, in " + phase);
                }
            }
            String problem = recover(runs, world, tally);
            syncLines = 0.8 * syncLines + 0.2 * runs.lastProgressLines();
            StateCheck.Verdict v = StateCheck.check(world);
            String all = problem + (v.problems().isEmpty() ? "" : " " + v.problems());
            tally.trial(v.checked(), v.lost(), v.duplicated(), all.strip());
            if (!v.clean()) {
                world.adoptServer();
                runs.runToEnd(world);
            }
        }

        tally.finish();
        assertThat(tally.problems()).as("seed " + tally.seed()).isEmpty();
    }

    /** Restarts the engine and syncs to the end (twice in the long profile); returns what went wrong, or "". */
    static String recover(ChildRuns runs, MailWorld world, ReliabilityTally tally) {
        StringBuilder problems = new StringBuilder();
        // the long profile also checks that a second sync after recovery finds nothing left to do
        for (int round = 1; round <= (ReliabilityTally.isLong() ? 2 : 1); round++) {
            ChildRuns.Report r = runs.runToEnd(world);
            tally.outcome("recovery sync " + round + ": " + r.status().orElse("none"));
            String p = runs.problems(r, dovecot.password());
            if (!p.isEmpty()) {
                problems.append("recovery ")
                        .append(round)
                        .append(": ")
                        .append(p)
                        .append(' ');
            }
        }
        return problems.toString().strip();
    }
}
