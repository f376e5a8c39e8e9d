package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncHandle;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.testing.FakeFault;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordedCommand;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;

/** R15-R20: which syncs touch the server, in what order, one at a time, cancel, close and reconnects. */
class SchedulingTest {
    private static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");
    private static final SyncRequest BACKGROUND =
            SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS));
    private static final SyncRequest ON_DEMAND =
            SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND));

    @Test
    void r15ASyncWithOnlyOutgoingMailOpensNoConnectionAndEndsOkWithZeroCounts() {
        try (EngineFixture f = new EngineFixture()) {
            SyncResult r = f.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.OUTGOING_MAIL)));

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.counts()).isEqualTo(Counts.ZERO);
            assertThat(f.server.commands()).isEmpty();
        }
    }

    @Test
    void r16WithOnlyDownloadContentsTheServerRecordsNoMutatingCommand() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<d1@x>", "d1"), Flags.NONE, DATE);
            f.syncAll();
            long inbox = StatusAndProgressTest.folderId(f, FolderPath.INBOX);
            StatusAndProgressTest.addLocal(f, inbox, "<local@x>");
            long id = f.store.messages(inbox).getFirst().localId();
            f.store.write(tx -> {
                tx.setFlags(id, Flags.of(Flags.SEEN));
                return null;
            });
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<d2@x>", "d2"), Flags.NONE, DATE);
            f.server.clearCommands();

            SyncResult r = f.sync(BACKGROUND);

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(f.server.commands()).noneMatch(RecordedCommand::isMutation);
            assertThat(StatusAndProgressTest.localMessageIds(f, "INBOX")).contains("<d2@x>");
        }
    }

    @Test
    void r17AQueuedOnDemandSyncStartsBeforeABackgroundSyncQueuedEarlier() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        ThrowingPhase script = ctx -> {
            started.add(ctx.job().id().toString());
            if (started.size() == 1) {
                release.await(10, TimeUnit.SECONDS);
            }
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(interruptible(script)))) {
            RecordingSyncListener first = f.listener();
            RecordingSyncListener background = f.listener();
            RecordingSyncListener onDemand = f.listener();
            SyncHandle a = f.start(BACKGROUND, first);
            await().until(() -> started.size() == 1);

            SyncHandle b = f.start(BACKGROUND, background);
            SyncHandle c = f.start(ON_DEMAND, onDemand);
            release.countDown();
            background.awaitDone();
            onDemand.awaitDone();
            first.awaitDone();

            assertThat(started).containsExactly(a.id().toString(), c.id().toString(), b.id().toString());
        }
    }

    @Test
    void r17ARunningBackgroundSyncPausesAtABatchBoundaryForAnOnDemandSyncResumesAndGetsOneDone() {
        CountDownLatch atBoundary = new CountDownLatch(1);
        CountDownLatch onDemandQueued = new CountDownLatch(1);
        List<String> steps = new CopyOnWriteArrayList<>();
        ThrowingPhase script = ctx -> {
            if (ctx.job().isOnDemand()) {
                steps.add("on-demand");
                return;
            }
            PhaseProgress p = ctx.startPhase(org.backsync.Phase.DOWNLOAD_CONTENTS, "batches", 4);
            for (int batch = 0; batch < 4; batch++) {
                ctx.checkpoint();
                steps.add("batch " + batch);
                p.advance(1, 0);
                if (batch == 1) {
                    atBoundary.countDown();
                    onDemandQueued.await(10, TimeUnit.SECONDS);
                }
            }
            p.finish();
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(interruptible(script)))) {
            RecordingSyncListener background = f.listener();
            RecordingSyncListener onDemand = f.listener();
            f.start(BACKGROUND, background);
            await().until(() -> atBoundary.getCount() == 0);

            f.start(ON_DEMAND, onDemand);
            onDemandQueued.countDown();

            assertThat(onDemand.awaitDone().status()).isEqualTo(Status.OK);
            assertThat(background.awaitDone().status()).isEqualTo(Status.OK);
            assertThat(steps).containsExactly("batch 0", "batch 1", "on-demand", "batch 2", "batch 3");
            assertThat(background.calls())
                    .filteredOn(c -> c.method().equals("done"))
                    .hasSize(1);
        }
    }

    @Test
    void r18TwoSyncsOfOneAccountNeverRunAtTheSameTime() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // Work is what happens between checkpoints: a BACKGROUND sync paused at a checkpoint for an ON_DEMAND one
        // (R17) is not working on the account, so it does not count as running.
        PhaseRunner script = ctx -> {
            for (int i = 0; i < 20; i++) {
                most.accumulateAndGet(active.incrementAndGet(), Math::max);
                for (int spin = 0; spin < 50; spin++) {
                    Thread.yield(); // a window wide enough for a second sync to show up in
                }
                active.decrementAndGet();
                ctx.checkpoint();
            }
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(script))) {
            List<RecordingSyncListener> ls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RecordingSyncListener l = f.listener();
                ls.add(l);
                f.start(i % 3 == 0 ? ON_DEMAND : BACKGROUND, l);
            }

            ls.forEach(RecordingSyncListener::awaitDone);

            assertThat(most.get()).isEqualTo(1);
        }
    }

    @Test
    void r18ASecondEngineOnTheSameStoreWaitsForTheLeaseInsteadOfRunningAlongside() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        ThrowingPhase holds = ctx -> {
            order.add("first start");
            firstRunning.countDown();
            releaseFirst.await(10, TimeUnit.SECONDS);
            order.add("first end");
        };
        try (EngineFixture one = new EngineFixture(ScriptedPhases.download(interruptible(holds)))) {
            CountDownLatch secondWaited = new CountDownLatch(1);
            Backoff waitForFirst = attempt -> {
                secondWaited.countDown();
                releaseFirst.countDown();
                await().until(() -> order.contains("first end") && one.engine.liveCount() == 0);
            };
            EngineOptions twoOptions = new EngineOptions(
                    one.store,
                    one.server.factory(),
                    java.util.Map.of(EngineFixture.ALICE, AccountSettings.DEFAULT),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(),
                    java.time.InstantSource.system(),
                    waitForFirst,
                    StepProbe.NONE);
            try (SyncEngine two = new SyncEngine(twoOptions, ScriptedPhases.download(ctx -> order.add("second")))) {
                RecordingSyncListener l1 = one.listener();
                one.start(BACKGROUND, l1);
                firstRunning.await(10, TimeUnit.SECONDS);
                RecordingSyncListener l2 = new RecordingSyncListener();

                two.synchronizeInBackground(BACKGROUND, l2);

                assertThat(l2.awaitDone().status()).isEqualTo(Status.OK);
                assertThat(secondWaited.getCount()).isZero();
                assertThat(order).containsExactly("first start", "first end", "second");
            }
        }
    }

    @Test
    void r19CancelWhileQueuedReturnsAtOnceIsRepeatableAndGivesOnlyDoneCancelledWithoutServerContact() {
        CountDownLatch release = new CountDownLatch(1);
        try (EngineFixture f = new EngineFixture()) {
            f.server.inject(FakeFault.on("LIST").stall());
            RecordingSyncListener running = f.listener();
            f.start(SyncRequest.all(EngineFixture.ALICE), running);
            await().until(() ->
                    f.server.commands().stream().anyMatch(c -> c.name().equals("LIST")));
            int commandsBefore = f.server.commands().size();
            RecordingSyncListener queued = f.listener();
            SyncHandle h = f.start(BACKGROUND, queued);

            h.cancel();
            h.cancel();
            SyncResult r = queued.awaitDone();

            assertThat(r.status()).isEqualTo(Status.CANCELLED);
            assertThat(queued.calls())
                    .extracting(RecordingSyncListener.Call::method)
                    .containsExactly("done");
            assertThat(f.server.commands()).hasSize(commandsBefore);
            assertThat(running.isDone()).isFalse();
            f.server.clearFaults();
            release.countDown();
        }
    }

    @Test
    void r19CancelWhileRunningAbortsABlockedCommandAndEndsWithOneDoneCancelled() {
        try (EngineFixture f = new EngineFixture()) {
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<c@x>", "c"), Flags.NONE, DATE);
            f.server.inject(FakeFault.on("FETCH").stall());
            RecordingSyncListener l = f.listener();
            SyncHandle h = f.start(SyncRequest.all(EngineFixture.ALICE), l);
            await().until(() ->
                    f.server.commands().stream().anyMatch(c -> c.name().equals("FETCH")));

            long t0 = System.nanoTime();
            h.cancel();
            long cancelNanos = System.nanoTime() - t0;
            h.cancel();
            SyncResult r = l.awaitDone();

            assertThat(Duration.ofNanos(cancelNanos)).isLessThan(Duration.ofSeconds(1));
            assertThat(r.status()).isEqualTo(Status.CANCELLED);
            assertThat(l.calls()).filteredOn(c -> c.method().equals("done")).hasSize(1);
        }
    }

    @Test
    void r19CloseCancelsRunningSyncsWaitsForTheirDoneThenRejectsNewOnes() {
        EngineFixture f = new EngineFixture();
        f.server.inject(FakeFault.on("LIST").stall());
        RecordingSyncListener l = f.listener();
        f.start(SyncRequest.all(EngineFixture.ALICE), l);
        await().until(() -> f.server.commands().stream().anyMatch(c -> c.name().equals("LIST")));

        f.engine.close();

        assertThat(l.isDone()).isTrue();
        assertThat(l.awaitDone().status()).isEqualTo(Status.CANCELLED);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> f.engine.synchronizeInBackground(BACKGROUND, f.listener()))
                .isInstanceOf(IllegalStateException.class);
        f.close();
    }

    @Test
    void r20ADroppedConnectionIsRestoredAndTheBatchRetriedBeforeAnyNetworkErrorIsReported() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<r@x>", "r"), Flags.NONE, DATE);
            f.server.inject(FakeFault.on("FETCH").nth(1).fail(Status.NETWORK_ERROR));

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.errors()).isEmpty();
            assertThat(StatusAndProgressTest.localMessageIds(f, "INBOX")).containsExactly("<r@x>");
            assertThat(f.server.commands())
                    .filteredOn(c -> c.name().equals("LOGIN"))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void r20AConnectionThatCannotBeRestoredEndsTheSyncWithNetworkErrorAtAccountScope() {
        try (EngineFixture f = new EngineFixture()) {
            f.server.inject(FakeFault.on("LIST").fail(Status.NETWORK_ERROR));

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.NETWORK_ERROR);
            assertThat(r.errors()).extracting(SyncError::scope).containsExactly(Scope.ACCOUNT);
            assertThat(f.server.commands())
                    .filteredOn(c -> c.name().equals("LIST"))
                    .hasSize(Connection.MAX_ATTEMPTS);
        }
    }

    /** Lets a script use blocking waits; an interrupt becomes a failed test, not a hang. */
    private static PhaseRunner interruptible(ThrowingPhase script) {
        return ctx -> {
            try {
                script.run(ctx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (org.backsync.spi.SyncException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @FunctionalInterface
    interface ThrowingPhase {
        void run(SessionContext ctx) throws Exception;
    }
}
