package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentState;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SpecialUse;
import org.backsync.testing.FakeFault;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.RecordedCommand;
import org.junit.jupiter.api.Test;

/** B32-B34: intent before effect, ack then clear, and resuming after a crash. */
class JournalTest {
    @Test
    void b32EveryMutatingCommandIsSentOnlyAfterItsIntentIsCommitted() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        FakeMailServer server = new FakeMailServer(FakeMailServer.PLAIN);
        List<String> violations = new ArrayList<>();
        int[] mutationsAtLastEffect = {0};
        StepProbe probe = (step, kind, id) -> {
            long mutations = server.commands().stream()
                    .filter(RecordedCommand::isMutation)
                    .count();
            boolean open = isOpen(store, id);
            if (step == StepProbe.Step.INTENT_COMMITTED && (mutations != mutationsAtLastEffect[0] || !open)) {
                violations.add(kind + " #" + id + ": a mutation ran before its intent, or the intent is not open");
            }
            if (step == StepProbe.Step.EFFECT_DONE) {
                mutationsAtLastEffect[0] = (int) mutations;
            }
        };
        try (EngineFixture f =
                new EngineFixture(store, server, Phases.standard(), new AccountSettings(true, 0), probe)) {
            server.createFolder(org.backsync.FolderPath.of("Archive"));
            server.createFolder(org.backsync.FolderPath.of("Trash"), SpecialUse.TRASH);
            for (int i = 0; i < 4; i++) {
                server.deliver(
                        org.backsync.FolderPath.INBOX,
                        org.backsync.testing.MailSamples.plain("<m" + i + "@x>", "m" + i),
                        org.backsync.spi.Flags.NONE,
                        ScenarioWorld.DATE);
            }
            f.syncAll();
            long inbox = StatusAndProgressTest.folderId(f, org.backsync.FolderPath.INBOX);
            long archive = StatusAndProgressTest.folderId(f, org.backsync.FolderPath.of("Archive"));
            List<LocalMessage> ms = store.messages(inbox);
            store.write(tx -> {
                tx.setFlags(ms.get(0).localId(), org.backsync.spi.Flags.of(org.backsync.spi.Flags.SEEN));
                tx.moveLocal(ms.get(1).localId(), archive);
                tx.markDeleted(ms.get(2).localId());
                tx.addFolder(
                        EngineFixture.ALICE,
                        org.backsync.FolderPath.of("New"),
                        java.util.Optional.empty(),
                        true,
                        org.backsync.spi.LocalFolder.Pending.CREATE);
                return null;
            });
            StatusAndProgressTest.addLocal(f, inbox, "<local@x>");

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(violations).isEmpty();
            assertThat(server.commands().stream()
                            .filter(RecordedCommand::isMutation)
                            .count())
                    .isEqualTo(mutationsAtLastEffect[0])
                    .isPositive();
        }
    }

    @Test
    void b33ANoLeavesTheFlagChangePendingAndTheNextSyncUploadsIt() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.deliver("INBOX", "<a@x>");
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localFlags("<a@x>", SyncScenarioTest.SEEN);
        w.server.inject(FakeFault.on("STORE").nth(1).fail(Status.BUSY, Scope.MESSAGE));

        SyncResult refused = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

        assertThat(refused.status()).isEqualTo(Status.PARTIAL);
        assertThat(refused.errors()).extracting(SyncError::scope).containsExactly(Scope.MESSAGE);
        assertThat(w.local("<a@x>").hasFlagChange()).isTrue();
        assertThat(w.store.openIntents(EngineFixture.ALICE)).isEmpty();
        SyncResult next = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));
        assertThat(next.status()).isEqualTo(Status.OK);
        assertThat(w.local("<a@x>").hasFlagChange()).isFalse();
        assertThat(w.server.flags(org.backsync.FolderPath.INBOX, w.remoteUid("INBOX", "<a@x>")))
                .isEqualTo(org.backsync.spi.Flags.of(SyncScenarioTest.SEEN));
    }

    @Test
    void b33ARefusedIntentIsClosedNotAppliedWithTheServersReason() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localNew("INBOX", "<n@x>");
        w.server.inject(FakeFault.on("APPEND").nth(1).fail(Status.BUSY, Scope.MESSAGE));
        List<Long> appends = new ArrayList<>();
        w.probe.arm(-1);
        StepProbe recordAppends = (step, kind, id) -> appends.add(id);

        try (EngineFixture f =
                new EngineFixture(w.store, w.server, Phases.standard(), AccountSettings.DEFAULT, recordAppends)) {
            f.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));
        }

        assertThat(appends).hasSize(1);
        org.backsync.spi.Intent intent = w.store.intent(appends.getFirst()).orElseThrow();
        assertThat(intent.kind()).isEqualTo(IntentKind.APPEND);
        assertThat(intent.state()).isEqualTo(IntentState.NOT_APPLIED);
        assertThat(intent.detail()).isPresent();
        assertThat(w.local("<n@x>").needsAppend()).isTrue();
    }

    private static boolean isOpen(InMemoryMessageStore store, long id) {
        try {
            return store.intent(id).orElseThrow().isOpen();
        } catch (org.backsync.spi.SyncException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void b34AResumedSyncReconcilesOpenIntentsBeforeAnyOtherPhase() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.PLAIN, AccountSettings.DEFAULT);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localNew("INBOX", "<n@x>");
        w.probe.armFor(StepProbe.Step.EFFECT_DONE, IntentKind.APPEND);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.probe.arm(-1);
        int before = w.server.commands().size();

        try (EngineFixture f =
                new EngineFixture(w.store, w.server, Phases.standard(), AccountSettings.DEFAULT, StepProbe.NONE)) {
            org.backsync.testing.RecordingSyncListener l = f.listener();
            f.start(SyncRequest.all(EngineFixture.ALICE), l);
            assertThat(l.awaitDone().status()).isEqualTo(Status.OK);
            assertThat(l.phases().getFirst()).isEqualTo(org.backsync.Phase.RECONCILE);
        }
        List<RecordedCommand> resumed =
                w.server.commands().subList(before, w.server.commands().size());
        assertThat(resumed).noneMatch(c -> c.name().equals("APPEND"));
        assertThat(w.server.uids(org.backsync.FolderPath.INBOX)).hasSize(1);
    }

    @Test
    void r20AnAppendWhoseReplyIsLostIsFoundAfterReconnectingAndNotSentAgain() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localNew("INBOX", "<lost-reply@x>");
        w.server.inject(FakeFault.on("APPEND").nth(1).dropAfterReply());

        SyncResult r = w.sync(SyncRequest.all(EngineFixture.ALICE));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.errors()).isEmpty();
        assertThat(w.server.commands())
                .filteredOn(c -> c.name().equals("APPEND"))
                .hasSize(1);
        assertThat(w.server.uids(org.backsync.FolderPath.INBOX)).hasSize(1);
        assertThat(w.local("<lost-reply@x>").remote()).isPresent();
        assertThat(w.store.openIntents(EngineFixture.ALICE)).isEmpty();
    }

    @Test
    void r20AnAppendThatFailedWithANetworkErrorIsRetriedOnceAfterReconnectingAndLandsOnce() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.PLAIN, AccountSettings.DEFAULT);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localNew("INBOX", "<retried@x>");
        w.server.inject(FakeFault.on("APPEND").nth(1).fail(Status.NETWORK_ERROR));

        SyncResult r = w.sync(SyncRequest.all(EngineFixture.ALICE));

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(w.server.commands())
                .filteredOn(c -> c.name().equals("APPEND"))
                .hasSize(2);
        assertThat(w.server.uids(org.backsync.FolderPath.INBOX)).hasSize(1);
        assertThat(w.store.openIntents(EngineFixture.ALICE)).isEmpty();
    }
}
