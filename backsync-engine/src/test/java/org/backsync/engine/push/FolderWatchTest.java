package org.backsync.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;

/**
 * The push state machine on a scripted channel: each script step is what one {@code open} or {@code await} does. The
 * watch runs on the test thread and stops when the script ends; nothing waits for real time.
 */
class FolderWatchTest {
    private static final AccountId WORK = AccountId.of("work");

    /** One scripted step: an await result (true/false), or a failure for open or await. */
    private record Step(String call, boolean changed, Status failure) {}

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<String> changes = new ArrayList<>();
    private final List<PushState> health = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Duration> cycles = new ArrayList<>();
    private final List<Duration> deadlines = new ArrayList<>();
    private int opened;
    private FolderWatch testSubject;

    private FolderWatch watch(EngineConfig.Push settings) {
        PushEvents events = new PushEvents() {
            @Override
            public void changed(AccountId account, FolderPath folder) {
                changes.add(folder.value());
            }

            @Override
            public void health(AccountId account, PushHealth h) {
                health.add(h.state());
            }
        };
        FolderWatch.Setup setup =
                new FolderWatch.Setup(this::open, settings, events, sleeps::add, InstantSource.fixed(Instant.EPOCH));
        testSubject = new FolderWatch(WORK, FolderPath.INBOX, setup);
        return testSubject;
    }

    private PushChannel open(AccountId account, FolderPath folder) throws SyncException {
        Step s = next("open");
        opened++;
        if (s.failure() != null) {
            throw new SyncException(s.failure(), Scope.ACCOUNT, "scripted " + s.failure());
        }
        return new PushChannel() {
            @Override
            public boolean await(Duration cycle, Duration deadline) throws SyncException {
                cycles.add(cycle);
                deadlines.add(deadline);
                Step a = next("await");
                if (a.failure() != null) {
                    throw new SyncException(a.failure(), Scope.ACCOUNT, "scripted " + a.failure());
                }
                return a.changed();
            }

            @Override
            public void abort() {}

            @Override
            public void close() {}
        };
    }

    /** The next step; when the script is used up the watch is stopped and the call ends as cancelled. */
    private Step next(String call) throws SyncException {
        Step s = script.poll();
        if (s == null) {
            testSubject.stop();
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "script ended");
        }
        assertThat(s.call()).as("scripted call").isEqualTo(call);
        return s;
    }

    private void open() {
        script.add(new Step("open", false, null));
    }

    private void idle(boolean changed) {
        script.add(new Step("await", changed, null));
    }

    private void fail(String call, Status status) {
        script.add(new Step(call, false, status));
    }

    @Test
    void aChangeOnTheServerQueuesADownloadOfThatFolder() {
        open();
        idle(false);
        idle(true);

        watch(EngineConfig.Push.DEFAULT).run();

        assertThat(changes).containsExactly("INBOX");
        assertThat(health).containsExactly(PushState.ACTIVE);
    }

    @Test
    void idleIsReissuedEveryHalfWatchdogAndAlwaysBefore29Minutes() {
        open();
        idle(false);

        watch(new EngineConfig.Push(Duration.ofMinutes(25), Duration.ofSeconds(60), 3))
                .run();
        FolderWatch longWatchdog = watch(new EngineConfig.Push(Duration.ofMinutes(25), Duration.ofHours(2), 3));

        assertThat(cycles).isNotEmpty().containsOnly(Duration.ofSeconds(30));
        assertThat(deadlines).isNotEmpty().containsOnly(Duration.ofSeconds(30));
        assertThat(longWatchdog.cycle()).isEqualTo(Duration.ofMinutes(25)).isLessThan(Duration.ofMinutes(29));
    }

    @Test
    void aSilentConnectionIsRebuiltAndTheFolderSyncedForWhatWasMissed() {
        open();
        fail("await", Status.TIMEOUT);
        open();
        idle(false);

        watch(EngineConfig.Push.DEFAULT).run();

        assertThat(opened).isEqualTo(2);
        assertThat(health).containsExactly(PushState.ACTIVE, PushState.RECONNECTING, PushState.ACTIVE);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(changes).containsExactly("INBOX");
    }

    @Test
    void repeatedFailuresFallBackToPollingAndPushIsRetriedAfterTheRenewPeriod() {
        fail("open", Status.NETWORK_ERROR);
        fail("open", Status.NETWORK_ERROR);
        fail("open", Status.NETWORK_ERROR);
        open();
        idle(false);

        watch(new EngineConfig.Push(Duration.ofMinutes(25), Duration.ofSeconds(60), 3))
                .run();

        assertThat(health)
                .containsExactly(PushState.RECONNECTING, PushState.RECONNECTING, PushState.POLLING, PushState.ACTIVE);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(25));
    }

    @Test
    void aRefusedLoginStopsPushWithoutRetrying() {
        fail("open", Status.LOGON_FAILED);
        open();

        watch(EngineConfig.Push.DEFAULT).run();

        assertThat(opened).isEqualTo(1);
        assertThat(health).containsExactly(PushState.OFF);
        assertThat(script).hasSize(1);
    }
}
