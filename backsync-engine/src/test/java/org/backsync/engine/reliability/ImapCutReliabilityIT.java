package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultPlan;
import org.backsync.testing.FaultPlan.Direction;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.ReliabilityTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the engine (a child JVM) syncs through a {@link FaultProxy} that cuts, resets or stalls its IMAP
 * connections at a random byte offset after a FETCH, APPEND, STORE or MOVE command, in either direction. The sync must end (no hang)
 * with every error reported with a status; a later sync without faults must leave the server, the store and the model
 * in agreement, with nothing lost or duplicated.
 *
 * <p>8 trials by default, 150 with {@code -Dbacksync.reliability=long}.
 */
class ImapCutReliabilityIT {
    private static final List<String> COMMANDS = List.of("UID FETCH", "APPEND", "UID STORE", "UID MOVE");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path dir;

    @Test
    void connectionCutsDuringCommandsLoseAndDuplicateNothing() throws Exception {
        ReliabilityTally tally =
                new ReliabilityTally("IMAP connection cut, reset or stall during FETCH/APPEND/STORE/MOVE");
        SplittableRandom random = new SplittableRandom(tally.seed());
        MailWorld world = new MailWorld(dovecot, dir.resolve("store"), random);
        ChildRuns runs = new ChildRuns(dovecot, ChildRuns.logDir("imap-cut"));
        world.seedServer(6);
        assertThat(runs.runToEnd(world).status()).contains("OK");

        int trials = ReliabilityTally.trials(8, 150);
        for (int i = 0; i < trials; i++) {
            var touched = world.localChanges(3 + random.nextInt(4));
            world.serverChanges(2 + random.nextInt(3), touched);
            String command = COMMANDS.get(random.nextInt(COMMANDS.size()));
            FaultPlan plan = plan(random, command);
            String problem;
            try (FaultProxy proxy = FaultProxy.to(dovecot.port())) {
                proxy.script(n -> n <= 2 ? plan : FaultPlan.pass());
                ChildRuns.Report cut = runs.runToEnd(world, proxy.port());
                boolean fired = proxy.anyFaultFired();
                tally.outcome((fired ? plan.action() + " after " + command : "not reached " + command) + " -> "
                        + cut.status().orElse("none"));
                problem = runs.problems(cut, dovecot.password());
            }
            String recovery = KillNineReliabilityIT.recover(runs, world, tally);
            StateCheck.Verdict v = StateCheck.check(world);
            String all = (problem.isEmpty() ? "" : plan + ": " + problem + " ")
                    + recovery
                    + (v.problems().isEmpty() ? "" : " " + v.problems());
            tally.trial(v.checked(), v.lost(), v.duplicated(), all.strip());
            if (!v.clean()) {
                world.adoptServer();
                runs.runToEnd(world);
            }
        }

        tally.finish();
        assertThat(tally.problems()).as("seed " + tally.seed()).isEmpty();
    }

    private static FaultPlan plan(SplittableRandom random, String command) {
        boolean up = command.equals("APPEND") ? random.nextInt(4) != 0 : random.nextInt(4) == 0;
        Direction d = up ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        // bytes that follow the command: a message literal up, FETCH data down, else a short tagged reply
        long span = up ? (command.equals("APPEND") ? 4_000 : 40) : (command.equals("UID FETCH") ? 6_000 : 60);
        long offset = random.nextLong(span);
        FaultPlan p = switch (random.nextInt(4)) {
            case 0 -> FaultPlan.reset(d, offset);
            case 1 -> FaultPlan.stall(d, offset); // the engine's 5 s read timeout must notice
            default -> FaultPlan.cut(d, offset);
        };
        return p.afterClientLine("^\\S+ " + command + " ");
    }
}
