package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.SyncException;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;

/** R1-R9: how the engine calls a listener. Each test names its rule. */
class ListenerRulesTest {
    private static final SyncRequest DOWNLOAD = SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS));

    @Test
    void r1SynchronizeInBackgroundReturnsWhileTheListenersFirstProgressCallIsBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ScriptedPhases.counting(3)))) {
            RecordingSyncListener l = f.listener(new SyncListener() {
                @Override
                public void progress(Progress p) {
                    entered.countDown();
                    await(release);
                }
            });

            SyncHandle handle = f.start(DOWNLOAD, l);

            assertThat(handle).isNotNull();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(l.isDone()).isFalse();
            release.countDown();
            assertThat(l.awaitDone().status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void r2EveryListenerCallRunsOnAThreadOtherThanTheCaller() {
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ScriptedPhases.counting(3)))) {
            RecordingSyncListener l = f.listener();

            f.start(DOWNLOAD, l);
            l.awaitDone();

            assertThat(l.calls())
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.thread()).isNotSameAs(Thread.currentThread()));
        }
    }

    @Test
    void r4DoneIsCalledExactlyOnceOnSuccess() {
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ScriptedPhases.counting(2)))) {
            RecordingSyncListener l = f.listener();

            f.start(DOWNLOAD, l);

            assertThat(l.awaitDone().status()).isEqualTo(Status.OK);
            assertThat(l.calls()).filteredOn(c -> c.method().equals("done")).hasSize(1);
        }
    }

    @Test
    void r4DoneIsCalledExactlyOnceWithInternalErrorWhenAPhaseThrowsUnexpectedly() {
        PhaseRunner bug = ctx -> {
            throw new IllegalStateException("bug in a phase");
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(bug))) {
            RecordingSyncListener l = f.listener();

            f.start(DOWNLOAD, l);
            SyncResult r = l.awaitDone();

            assertThat(r.status()).isEqualTo(Status.INTERNAL_ERROR);
            assertThat(l.calls()).filteredOn(c -> c.method().equals("done")).hasSize(1);
            assertThat(r.errors()).extracting(SyncError::status).containsExactly(Status.INTERNAL_ERROR);
        }
    }

    @Test
    void r4DoneIsCalledExactlyOnceWithLogonFailedWhenTheServerRefusesTheLogin() {
        try (EngineFixture f = new EngineFixture()) {
            f.server.inject(org.backsync.testing.FakeFault.on("LOGIN").fail(Status.LOGON_FAILED, Scope.ACCOUNT));

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(r.errors()).extracting(SyncError::scope).containsExactly(Scope.ACCOUNT);
        }
    }

    @Test
    void r5NoProgressOrErrorIsDeliveredAfterDoneStarted() {
        RecordingSyncListener l = new RecordingSyncListener();
        ListenerDispatch dispatch = new ListenerDispatch(
                new org.backsync.SyncId(2),
                l,
                java.time.InstantSource.system(),
                new java.util.concurrent.locks.ReentrantLock(),
                () -> false);

        dispatch.done(result(2, Status.OK));
        dispatch.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "late", 0, 0, 0, 0));
        dispatch.error(SyncError.of(Status.NOT_FOUND, Scope.MESSAGE, "late"));
        dispatch.done(result(2, Status.OK));

        assertThat(l.calls()).extracting(RecordingSyncListener.Call::method).containsExactly("done");
        l.assertRules();
    }

    @Test
    void r6ListenerCallsOfOneSyncNeverOverlapAndEachSeesThePreviousCallsWrites() {
        int[] plainCounter = {0}; // deliberately not volatile: R6 promises happens-before between calls
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ScriptedPhases.counting(50)))) {
            RecordingSyncListener l = f.listener(new SyncListener() {
                @Override
                public void progress(Progress p) {
                    plainCounter[0]++;
                }

                @Override
                public void done(SyncResult r) {
                    plainCounter[0]++;
                }
            });

            f.start(DOWNLOAD, l);
            l.awaitDone();

            assertThat(plainCounter[0]).isEqualTo(l.calls().size());
        }
    }

    @Test
    void r7NoEngineLockOrStoreTransactionIsHeldDuringAnyListenerCall() {
        try (EngineFixture f = new EngineFixture()) {
            f.server.deliver(
                    FolderPath.INBOX,
                    org.backsync.testing.MailSamples.plain("<a@x>", "a"),
                    org.backsync.spi.Flags.NONE);
            RecordingSyncListener l = f.listener();

            f.start(SyncRequest.all(EngineFixture.ALICE), l);

            assertThat(l.awaitDone().status()).isEqualTo(Status.OK);
            assertThat(l.calls()).hasSizeGreaterThan(4); // the rule is checked by the listener on every call
        }
    }

    @Test
    void r8DoneIsCalledExactlyOnceWhenEveryListenerMethodThrows() {
        PhaseRunner reportsAndCounts = ctx -> {
            ScriptedPhases.counting(3).run(ctx);
            ctx.fail(new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "message 7 is gone"));
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(reportsAndCounts))) {
            RecordingSyncListener l = f.listener(new SyncListener() {
                @Override
                public void progress(Progress p) {
                    throw new IllegalStateException("progress throws");
                }

                @Override
                public void error(SyncError e) {
                    throw new IllegalStateException("error throws");
                }

                @Override
                public void done(SyncResult r) {
                    throw new IllegalStateException("done throws");
                }
            });

            SyncHandle h = f.start(DOWNLOAD, l);
            SyncResult seen = l.awaitDone();

            assertThat(h.result().join()).isEqualTo(seen);
            assertThat(seen.status()).isEqualTo(Status.PARTIAL);
            assertThat(seen.errors()).hasSize(1);
            assertThat(l.calls()).filteredOn(c -> c.method().equals("done")).hasSize(1);
        }
    }

    @Test
    void r9ResultIsIncompleteWhileDoneRunsThenCompletesWithTheValueDoneReceived() throws Exception {
        AtomicReference<SyncHandle> handle = new AtomicReference<>();
        AtomicReference<Boolean> completeDuringDone = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ctx -> await(started)))) {
            RecordingSyncListener l = f.listener(new SyncListener() {
                @Override
                public void done(SyncResult r) {
                    completeDuringDone.set(handle.get().result().isDone());
                }
            });
            handle.set(f.start(DOWNLOAD, l));
            started.countDown();

            SyncResult seen = l.awaitDone();

            assertThat(handle.get().result().get(10, TimeUnit.SECONDS)).isEqualTo(seen);
            assertThat(completeDuringDone.get()).isFalse();
        }
    }

    @Test
    void r9ResultNeverCompletesExceptionallyAndCompletingOneCopyAffectsNeitherTheSyncNorAnotherCopy() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ctx -> await(go)))) {
            RecordingSyncListener l = f.listener();
            SyncHandle h = f.start(DOWNLOAD, l);
            CompletableFuture<SyncResult> first = h.result();
            CompletableFuture<SyncResult> second = h.result();

            first.completeExceptionally(new RuntimeException("caller meddles"));
            second.cancel(true);
            go.countDown();
            SyncResult r = l.awaitDone();

            assertThat(r.status()).isEqualTo(Status.OK);
            CompletableFuture<SyncResult> third = h.result();
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(r);
            assertThat(third.isCompletedExceptionally()).isFalse();
            assertThat(first).isNotSameAs(third);
        }
    }

    private static SyncResult result(long id, Status s) {
        return new SyncResult(new org.backsync.SyncId(id), s, Counts.ZERO, List.of(), java.time.Duration.ZERO);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
