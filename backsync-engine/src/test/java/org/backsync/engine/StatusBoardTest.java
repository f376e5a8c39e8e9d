package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.AccountId;
import org.backsync.BackgroundSynchronizer;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.MessageKey;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.BoardTotals.Direction;
import org.backsync.engine.StatusSnapshot.AccountStatus;
import org.backsync.engine.StatusSnapshot.PhaseRow;
import org.backsync.engine.StatusSnapshot.PushHealth;
import org.backsync.engine.StatusSnapshot.PushState;
import org.junit.jupiter.api.Test;

class StatusBoardTest {
    private static final AccountId ALICE = AccountId.of("alice");
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = () -> now.get();
    private final StatusBoard testSubject = new StatusBoard(clock);

    @Test
    void teeRecordsProgressPerPhaseAndPassesEveryCallOn() {
        List<Object> seen = new ArrayList<>();
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), recordingInto(seen));
        Progress p = new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading INBOX", 3, 10, 300, 1000);
        SyncError e = SyncError.of(Status.NOT_FOUND, Scope.FOLDER, "folder Old is gone", FolderPath.of("Old"));

        tee.progress(p);
        tee.error(e);

        PhaseRow row = onlyRow(account());
        assertThat(row.phase()).isEqualTo(Phase.DOWNLOAD_CONTENTS);
        assertThat(row.text()).isEqualTo("Downloading INBOX");
        assertThat(row.index()).isEqualTo(3);
        assertThat(row.max()).isEqualTo(10);
        assertThat(row.bytesDone()).isEqualTo(300);
        assertThat(row.percent()).isEqualTo(30);
        assertThat(seen).containsExactly(p, e);
    }

    @Test
    void nullTextKeepsTheLastStepText() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        tee.progress(new Progress(Phase.UPLOAD_CONTENTS, "Uploading Drafts", 0, 4, 0, 0));
        tee.progress(new Progress(Phase.UPLOAD_CONTENTS, null, 2, 4, 0, 0));

        assertThat(onlyRow(account()).text()).isEqualTo("Uploading Drafts");
        assertThat(onlyRow(account()).index()).isEqualTo(2);
    }

    @Test
    void etaIsTheRemainingWorkAtTheRateSinceThePhaseBegan() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading", 0, 100, 0, 0));

        now.set(T0.plusSeconds(10));
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, 25, 100, 0, 0));

        assertThat(onlyRow(account()).eta()).contains(Duration.ofSeconds(30));
    }

    @Test
    void etaUsesBytesWhenTheirTotalIsKnownAndIsEmptyWhileIndeterminate() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading", 0, 10, 0, 1000));
        assertThat(onlyRow(account()).eta()).isEmpty();

        now.set(T0.plusSeconds(4));
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, 9, 10, 800, 1000));

        assertThat(onlyRow(account()).eta()).contains(Duration.ofSeconds(1));
    }

    @Test
    void aNewSyncStartsAFreshRowForThePhase() {
        SyncTee first = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        first.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "first", 10, 10, 0, 0));
        first.done(result(1, Status.OK));

        SyncTee second = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        second.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, 1, 5, 0, 0));

        PhaseRow row = onlyRow(account());
        assertThat(row.text()).isEmpty();
        assertThat(row.index()).isEqualTo(1);
        assertThat(row.finished()).isEmpty();
    }

    @Test
    void errorsAreListedNewestFirstWithStatusFolderAndSuggestedAction() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        tee.error(SyncError.of(Status.NOT_FOUND, Scope.FOLDER, "folder Old is gone", FolderPath.of("Old")));
        tee.error(SyncError.of(Status.CONFLICT, Scope.MESSAGE, "UID 7 expunged on the server"));

        var errors = testSubject.snapshot().errors();
        assertThat(errors)
                .extracting(StatusSnapshot.ErrorEntry::status)
                .containsExactly(Status.CONFLICT, Status.NOT_FOUND);
        assertThat(errors.get(0).warning()).isTrue();
        assertThat(errors.get(1).folder()).contains(FolderPath.of("Old"));
        assertThat(errors.get(1).scope()).isEqualTo(Scope.FOLDER);
        assertThat(errors.get(1).suggestedAction()).contains("no longer exists");
        assertThat(errors.get(1).account()).isEqualTo(ALICE);
    }

    @Test
    void suggestedActionFollowsTheRetryClass() {
        assertThat(SuggestedAction.forStatus(Status.NETWORK_ERROR)).startsWith("Retried automatically");
        assertThat(SuggestedAction.forStatus(Status.LOGON_FAILED)).contains("password");
        assertThat(SuggestedAction.forStatus(Status.OK)).isEqualTo("No action needed.");
    }

    @Test
    void errorsListKeepsOnlyTheNewestEntries() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        for (int i = 0; i < StatusBoard.MAX_ERRORS + 5; i++) {
            tee.error(SyncError.of(Status.BUSY, Scope.MESSAGE, "message " + i));
        }

        var errors = testSubject.snapshot().errors();
        assertThat(errors).hasSize(StatusBoard.MAX_ERRORS);
        assertThat(errors.get(0).message()).isEqualTo("message " + (StatusBoard.MAX_ERRORS + 4));
    }

    @Test
    void doneRecordsTheLastResultFinishesItsRowsAndEndsTheRunningSync() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        tee.bind(new FakeHandle(7));
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading", 5, 5, 0, 0));
        assertThat(account().running()).extracting(r -> r.id().orElseThrow()).containsExactly(new SyncId(7));

        tee.done(result(7, Status.PARTIAL));

        AccountStatus account = account();
        assertThat(account.running()).isEmpty();
        assertThat(account.lastResult().orElseThrow().status()).isEqualTo(Status.PARTIAL);
        assertThat(onlyRow(account).finished()).contains(Status.PARTIAL);
        assertThat(onlyRow(account).sync()).contains(new SyncId(7));
    }

    @Test
    void doneBeforeBindLeavesNoRunningSync() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        tee.done(result(3, Status.OK));
        tee.bind(new FakeHandle(3));

        assertThat(account().running()).isEmpty();
        assertThat(testSubject.runningCount()).isZero();
    }

    @Test
    void cancelReachesTheBoundHandleByIdAndCancelAllReachesEvery() {
        SyncTee one = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);
        SyncTee two = testSubject.tee(SyncRequest.all(AccountId.of("bob")), SyncListener.NONE);
        FakeHandle h1 = new FakeHandle(1);
        FakeHandle h2 = new FakeHandle(2);
        one.bind(h1);
        two.bind(h2);

        assertThat(testSubject.cancel(new SyncId(2))).isTrue();
        assertThat(testSubject.cancel(new SyncId(99))).isFalse();
        assertThat(h1.cancels.get()).isZero();
        assertThat(h2.cancels.get()).isEqualTo(1);

        assertThat(testSubject.cancelAll()).isEqualTo(2);
        assertThat(h1.cancels.get()).isEqualTo(1);
    }

    @Test
    void wrappedListenerExceptionPropagatesAfterTheBoardIsUpdated() {
        SyncListener throwing = new SyncListener() {
            @Override
            public void progress(Progress p) {
                throw new IllegalStateException("listener bug");
            }
        };
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), throwing);

        assertThatThrownBy(() -> tee.progress(new Progress(Phase.UPLOAD_HIERARCHY, "Folders", 0, 0, 0, 0)))
                .hasMessage("listener bug");
        assertThat(onlyRow(account()).text()).isEqualTo("Folders");
    }

    @Test
    void aSubscriptionHoldsOneSignalForManyChanges() throws InterruptedException {
        StatusBoard.Subscription sub = testSubject.subscribe();
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        for (int i = 1; i <= 50; i++) {
            tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, i, 50, 0, 0));
        }

        assertThat(sub.awaitChange(Duration.ZERO)).isTrue();
        assertThat(sub.awaitChange(Duration.ZERO)).isFalse();
        sub.close();
        testSubject.changed();
        assertThat(sub.awaitChange(Duration.ZERO)).isFalse();
    }

    @Test
    void totalsCountSyncsErrorsMessagesAndBytesPerDirection() {
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), SyncListener.NONE);

        tee.progress(new Progress(Phase.UPLOAD_CONTENTS, "up", 1, 2, 100, 300));
        tee.progress(new Progress(Phase.UPLOAD_CONTENTS, null, 2, 2, 300, 300));
        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "down", 1, 1, 50, 50));
        tee.error(SyncError.of(Status.BUSY, Scope.MESSAGE, "busy"));
        tee.done(new SyncResult(new SyncId(1), Status.PARTIAL, new Counts(2, 1, 1, 0), List.of(), Duration.ZERO));

        BoardTotals totals = testSubject.totals();
        assertThat(totals.bytes(Direction.UP)).isEqualTo(300);
        assertThat(totals.bytes(Direction.DOWN)).isEqualTo(50);
        assertThat(totals.messages(Direction.UP)).isEqualTo(2);
        assertThat(totals.messages(Direction.DOWN)).isEqualTo(1);
        assertThat(totals.errors(Status.BUSY)).isEqualTo(1);
        assertThat(totals.syncs(Status.PARTIAL)).isEqualTo(1);
        assertThat(totals.syncs(Status.OK)).isZero();
    }

    @Test
    void hostInputsAppearInTheSnapshot() {
        OutboxEntry held = new OutboxEntry(
                new OutboxId(1),
                ALICE,
                "<m1@x>",
                OutboxState.HELD,
                Optional.of("delivery uncertain"),
                1,
                Optional.empty(),
                List.of(),
                T0);
        testSubject.addAccount(ALICE);
        testSubject.pushHealth(ALICE, new PushHealth(PushState.POLLING, "IDLE failed 3 times", Optional.of(T0)));
        testSubject.outbox(() -> List.of(held));
        testSubject.queueDepth(() -> 4);
        testSubject.paused(true);

        StatusSnapshot snapshot = testSubject.snapshot();

        assertThat(snapshot.accounts()).extracting(a -> a.push().state()).containsExactly(PushState.POLLING);
        assertThat(snapshot.outbox()).containsExactly(held);
        assertThat(snapshot.queueDepth()).isEqualTo(4);
        assertThat(snapshot.paused()).isTrue();
    }

    @Test
    void watchTeesEveryListenerAndBindsEveryHandle() {
        AtomicReference<SyncListener> given = new AtomicReference<>();
        BackgroundSynchronizer engine = new BackgroundSynchronizer() {
            @Override
            public SyncHandle synchronizeInBackground(SyncRequest request, SyncListener listener) {
                given.set(listener);
                return new FakeHandle(5);
            }

            @Override
            public SyncHandle fetchFull(AccountId account, Set<MessageKey> messages, SyncListener listener) {
                given.set(listener);
                return new FakeHandle(6);
            }

            @Override
            public void close() {}
        };
        BackgroundSynchronizer watched = testSubject.watch(engine);

        SyncHandle handle = watched.synchronizeInBackground(SyncRequest.all(ALICE), SyncListener.NONE);

        assertThat(given.get()).isInstanceOf(SyncTee.class);
        assertThat(account().running()).extracting(r -> r.id().orElseThrow()).containsExactly(new SyncId(5));
        assertThat(testSubject.cancel(new SyncId(5))).isTrue();
        assertThat(((FakeHandle) handle).cancels.get()).isEqualTo(1);
    }

    @Test
    void concurrentSyncsAndReadersLeaveEveryCountExact() throws Exception {
        int syncs = 4;
        int steps = 500;
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < syncs; n++) {
            AccountId account = AccountId.of("user" + n);
            SyncTee tee = testSubject.tee(SyncRequest.all(account), SyncListener.NONE);
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 1; i <= steps; i++) {
                    tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, i, steps, i * 10L, steps * 10L));
                    tee.error(SyncError.of(Status.BUSY, Scope.MESSAGE, "message " + i));
                }
                tee.done(new SyncResult(
                        new SyncId(steps), Status.OK, new Counts(0, steps, 0, 0), List.of(), Duration.ZERO));
            }));
        }
        Thread reader = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 200; i++) {
                testSubject.snapshot();
            }
        });

        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(reader.join(Duration.ofSeconds(20))).isTrue();

        StatusSnapshot snapshot = testSubject.snapshot();
        assertThat(snapshot.accounts()).hasSize(syncs).allSatisfy(a -> {
            assertThat(a.running()).isEmpty();
            assertThat(onlyRow(a).index()).isEqualTo(steps);
            assertThat(onlyRow(a).finished()).contains(Status.OK);
        });
        assertThat(snapshot.errors()).hasSize(StatusBoard.MAX_ERRORS);
        assertThat(testSubject.totals().errors(Status.BUSY)).isEqualTo((long) syncs * steps);
        assertThat(testSubject.totals().bytes(Direction.DOWN)).isEqualTo(syncs * steps * 10L);
        assertThat(testSubject.totals().messages(Direction.DOWN)).isEqualTo((long) syncs * steps);
        assertThat(testSubject.totals().syncs(Status.OK)).isEqualTo(syncs);
    }

    @Test
    void theWrappedListenerCanReadTheBoardFromInsideACall() {
        AtomicReference<StatusSnapshot> seen = new AtomicReference<>();
        SyncTee tee = testSubject.tee(SyncRequest.all(ALICE), new SyncListener() {
            @Override
            public void progress(Progress p) {
                seen.set(testSubject.snapshot());
            }
        });

        tee.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "Downloading", 1, 2, 0, 0));

        assertThat(seen.get().accounts().get(0).phases().get(0).index()).isEqualTo(1);
    }

    private AccountStatus account() {
        return testSubject.snapshot().accounts().stream()
                .filter(a -> a.account().equals(ALICE))
                .findFirst()
                .orElseThrow();
    }

    private static PhaseRow onlyRow(AccountStatus account) {
        assertThat(account.phases()).hasSize(1);
        return account.phases().get(0);
    }

    private static SyncResult result(long id, Status status) {
        return new SyncResult(new SyncId(id), status, Counts.ZERO, List.of(), Duration.ofSeconds(1));
    }

    private static SyncListener recordingInto(List<Object> seen) {
        return new SyncListener() {
            @Override
            public void progress(Progress p) {
                seen.add(p);
            }

            @Override
            public void error(SyncError e) {
                seen.add(e);
            }

            @Override
            public void done(SyncResult r) {
                seen.add(r);
            }
        };
    }

    private static final class FakeHandle implements SyncHandle {
        final SyncId id;
        final AtomicInteger cancels = new AtomicInteger();

        FakeHandle(long id) {
            this.id = new SyncId(id);
        }

        @Override
        public SyncId id() {
            return id;
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }

        @Override
        public CompletableFuture<SyncResult> result() {
            return new CompletableFuture<>();
        }
    }
}
