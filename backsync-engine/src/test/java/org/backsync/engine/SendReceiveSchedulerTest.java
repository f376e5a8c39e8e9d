package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backsync.engine.TestConfigs.EVERY;
import static org.backsync.engine.TestConfigs.account;
import static org.backsync.engine.TestConfigs.config;

import java.time.Duration;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Priority;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;

class SendReceiveSchedulerTest {
    private static final AccountId WORK = AccountId.of("work");
    private static final AccountId HOME = AccountId.of("home");

    private final ManualClock clock = new ManualClock();
    private final RecordingSynchronizer engine = new RecordingSynchronizer();

    private SendReceiveScheduler scheduler(EngineConfig config) {
        return new SendReceiveScheduler(engine, config, clock);
    }

    @Test
    void eachGroupAccountGetsOneBackgroundSyncPerInterval() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));

        testSubject.tick();
        engine.last().finish(Status.OK);
        clock.advance(EVERY.minusSeconds(1));
        testSubject.tick();
        int beforeDue = engine.started.size();
        clock.advance(Duration.ofSeconds(1));
        testSubject.tick();

        assertThat(beforeDue).isEqualTo(1);
        assertThat(engine.started).hasSize(2);
        assertThat(engine.last().request.priority()).isEqualTo(Priority.BACKGROUND);
        assertThat(engine.last().request.kinds())
                .containsAll(SyncKind.DIRECTIONS)
                .contains(SyncKind.BACKGROUND);
    }

    @Test
    void onDemandStartsBeforeBackgroundWorkQueuedEarlier() {
        SendReceiveScheduler testSubject = scheduler(config(1, account("work", "h", "P"), account("home", "h", "P")));
        testSubject.tick();
        assertThat(engine.running())
                .singleElement()
                .satisfies(s -> assertThat(s.request.account()).isEqualTo(WORK));

        testSubject.syncNow(HOME);
        engine.last().finish(Status.OK);

        assertThat(engine.last().request.account()).isEqualTo(HOME);
        assertThat(engine.last().request.priority()).isEqualTo(Priority.ON_DEMAND);
        assertThat(engine.running()).hasSize(1);
        assertThat(testSubject.queueDepth())
                .as("home's background sync still waits")
                .isEqualTo(1);
    }

    @Test
    void onDemandIsHandedToTheEngineAtOnceWhileABackgroundSyncOfItsAccountRuns() {
        SendReceiveScheduler testSubject = scheduler(config(1, account("work", "h", "P")));
        testSubject.tick();

        testSubject.syncNow(WORK);

        assertThat(engine.running())
                .extracting(s -> s.request.priority())
                .containsExactly(Priority.BACKGROUND, Priority.ON_DEMAND);
    }

    @Test
    void transientFailuresAreRetriedWithDoublingBackoffAndSuccessResetsIt() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));
        testSubject.tick();

        engine.last().finish(Status.NETWORK_ERROR);
        clock.advance(Duration.ofSeconds(29));
        testSubject.tick();
        int before30s = engine.started.size();
        clock.advance(Duration.ofSeconds(1));
        testSubject.tick();
        engine.last().finish(Status.TIMEOUT);
        clock.advance(Duration.ofSeconds(59));
        testSubject.tick();
        int before60s = engine.started.size();
        clock.advance(Duration.ofSeconds(1));
        testSubject.tick();

        assertThat(before30s).isEqualTo(1);
        assertThat(before60s).isEqualTo(2);
        assertThat(engine.started).hasSize(3);
    }

    @Test
    void backoffIsCappedAtTheConfiguredMaximum() {
        RetryPolicy policy = RetryPolicy.of(config(4, account("work", "h", "P")).limits());

        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(policy.delay(40)).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void statusesThatNeedNoRetryAreNotRetried() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));
        testSubject.tick();

        engine.last().finish(Status.CANCELLED);
        clock.advance(EVERY.minusSeconds(1));
        testSubject.tick();

        assertThat(engine.started).hasSize(1);
    }

    @Test
    void noRetryAfterLogonFailedUntilTheAccountConfigurationChanges() {
        EngineConfig config = config(4, account("work", "h", "P"));
        SendReceiveScheduler testSubject = scheduler(config);
        testSubject.tick();

        engine.last().finish(Status.LOGON_FAILED);
        for (int i = 0; i < 12; i++) {
            clock.advance(EVERY);
            testSubject.tick();
        }
        testSubject.updateConfig(config);
        clock.advance(EVERY);
        testSubject.tick();
        int afterSameConfig = engine.started.size();
        testSubject.updateConfig(config(4, account("work", "h", "NEW_PASSWORD_VAR")));

        assertThat(afterSameConfig).isEqualTo(1);
        assertThat(testSubject.blockedBy(WORK)).isEmpty();
        assertThat(engine.started).hasSize(2);
    }

    @Test
    void theSameFolderNeverRunsTwiceAtOnce() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));
        testSubject.tick();

        testSubject.pushEvent(WORK, FolderPath.INBOX);
        testSubject.pushEvent(WORK, FolderPath.INBOX);
        int whileFullSyncRuns = engine.running().size();
        engine.last().finish(Status.OK);

        assertThat(whileFullSyncRuns).isEqualTo(1);
        assertThat(engine.running()).singleElement().satisfies(s -> {
            assertThat(s.request.folders()).containsExactly(FolderPath.INBOX);
            assertThat(s.request.kinds()).contains(SyncKind.DOWNLOAD_CONTENTS, SyncKind.THESE_FOLDERS);
        });
        assertThat(testSubject.queueDepth())
                .as("the two push events were merged")
                .isZero();
    }

    @Test
    void syncsAgainstOneHostStayWithinTheConnectionCap() {
        SendReceiveScheduler testSubject = scheduler(config(
                2,
                account("a", "imap.example.com", "P"),
                account("b", "IMAP.example.com", "P"),
                account("c", "imap.example.com", "P"),
                account("d", "other.example.com", "P")));

        testSubject.tick();

        assertThat(engine.running())
                .extracting(s -> s.request.account().value())
                .containsExactly("a", "b", "d");
    }

    @Test
    void pauseHoldsBackgroundSyncsAndResumeStartsThem() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));
        testSubject.pause();

        testSubject.tick();
        int whilePaused = engine.started.size();
        testSubject.resume();

        assertThat(whilePaused).isZero();
        assertThat(engine.started).hasSize(1);
    }

    @Test
    void cancelAccountCancelsItsRunningSyncAndDropsWhatWaits() {
        SendReceiveScheduler testSubject = scheduler(config(4, account("work", "h", "P")));
        testSubject.tick();
        testSubject.pushEvent(WORK, FolderPath.INBOX);

        testSubject.cancelAccount(WORK);

        assertThat(engine.last().cancelled).isTrue();
        assertThat(testSubject.queueDepth()).isZero();
    }
}
