package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.backsync.FolderPath;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ReliabilityTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: while the engine (a child JVM) syncs, another client changes the server under it at a random moment: a
 * folder's UIDVALIDITY is reset, a folder is renamed, or a folder is deleted (and another created). Local flag
 * changes and server flag changes on the same messages are pending at the same time. The sync must end with every
 * error reported with a status; after a recovery sync the server, the store and the model agree.
 *
 * <p>Local changes stay in INBOX, which is never renamed or deleted: what happens to pending changes in a folder the
 * server deletes is a conflict rule (CONTRACT 4.6) with its own tests, not a reliability question.
 *
 * <p>6 trials by default, 60 with {@code -Dbacksync.reliability=long}.
 */
class ServerChangeReliabilityIT {
    private enum Event {
        UIDVALIDITY_RESET,
        FOLDER_RENAMED,
        FOLDER_DELETED
    }

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path dir;

    @Test
    void serverChangesDuringASyncLoseAndDuplicateNothing() throws Exception {
        ReliabilityTally tally = new ReliabilityTally("server changes mid-sync (UIDVALIDITY, rename, delete)");
        SplittableRandom random = new SplittableRandom(tally.seed());
        MailWorld world = new MailWorld(dovecot, dir.resolve("store"), random);
        ChildRuns runs = new ChildRuns(dovecot, ChildRuns.logDir("server-change"));
        world.seedServer(5);
        long start = System.nanoTime();
        assertThat(runs.runToEnd(world).status()).contains("OK");
        long syncMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        int trials = ReliabilityTally.trials(6, 60);
        for (int i = 0; i < trials; i++) {
            var touched = world.localChanges(2 + random.nextInt(3), true);
            world.serverChanges(1 + random.nextInt(3), touched);
            Event event = Event.values()[i % Event.values().length]; // each kind equally often
            String problem;
            try (ChildJvm child = runs.start(world, dovecot.port())) {
                child.waitFor(Duration.ofMillis(random.nextLong(syncMillis)));
                boolean midSync = child.isAlive();
                apply(event, world, random, i);
                child.awaitExit(Duration.ofSeconds(60));
                ChildRuns.Report r = ChildRuns.report(child.output());
                tally.outcome(event + (midSync ? " mid-sync" : " after the sync") + " -> "
                        + r.status().orElse("none"));
                problem = runs.problems(r, dovecot.password());
            }
            String recovery = KillNineReliabilityIT.recover(runs, world, tally);
            StateCheck.Verdict v = StateCheck.check(world);
            String all = (problem.isEmpty() ? "" : event + ": " + problem + " ")
                    + recovery
                    + (v.problems().isEmpty() ? "" : " " + event + " " + v.problems());
            tally.trial(v.checked(), v.lost(), v.duplicated(), all.strip());
            if (!v.clean()) {
                world.adoptServer();
                runs.runToEnd(world);
            }
        }

        tally.finish();
        assertThat(tally.problems()).as("seed " + tally.seed()).isEmpty();
    }

    private static void apply(Event event, MailWorld world, SplittableRandom random, int trial) {
        List<FolderPath> others = world.folders().stream()
                .filter(f -> !f.equals(FolderPath.INBOX))
                .toList();
        FolderPath victim = others.get(random.nextInt(others.size()));
        switch (event) {
            case UIDVALIDITY_RESET -> {
                FolderPath f =
                        world.folders().get(random.nextInt(world.folders().size()));
                dovecot.updateUidValidity(f, 1_000_000 + trial * 10L + random.nextInt(10));
            }
            case FOLDER_RENAMED -> {
                FolderPath to = FolderPath.of("Renamed-" + trial);
                dovecot.renameMailbox(victim, to);
                world.renamedOnServer(victim, to);
            }
            case FOLDER_DELETED -> {
                dovecot.deleteMailbox(victim);
                world.deletedOnServer(victim, FolderPath.of("Created-" + trial), 2);
            }
        }
    }
}
