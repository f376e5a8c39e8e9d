package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.MessageKey;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalMessage;
import org.backsync.testing.FakeFault;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.RecordedCommand;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;

/** B25-B27 and B36-B45: what the phases send to the server and keep locally. */
class PhaseBehaviourTest {
    private static final SyncRequest ALL = SyncRequest.all(EngineFixture.ALICE);
    private static final FolderPath INBOX = FolderPath.INBOX;

    private static ScenarioWorld synced(java.util.Set<org.backsync.spi.Capability> caps, String... inbox) {
        ScenarioWorld w = new ScenarioWorld(caps, AccountSettings.DEFAULT);
        for (String id : inbox) {
            w.deliver("INBOX", id);
        }
        assertThat(w.sync(ALL).status()).isEqualTo(Status.OK);
        w.server.clearCommands();
        return w;
    }

    private static List<RecordedCommand> named(ScenarioWorld w, String name) {
        return w.server.commands().stream().filter(c -> c.name().equals(name)).toList();
    }

    @Test
    void b25WithHeadersOnlyNewMessagesAreStoredHeaderOnlyAndNoBodyPartIsFetched() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL);
        w.deliver("INBOX", "<h@x>");

        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));

        assertThat(w.local("<h@x>").headerOnly()).isTrue();
        assertThat(named(w, "FETCH")).noneMatch(c -> c.args().contains("BODY.PEEK[]"));
        assertThat(named(w, "FETCH")).anyMatch(c -> c.args().contains("BODY.PEEK[HEADER]"));
    }

    @Test
    void aFolderTheAccountMarksHeadersOnlyGetsHeaderOnlyItemsWhileOthersGetBodies() throws Exception {
        ScenarioWorld w = new ScenarioWorld(
                FakeMailServer.ALL, new AccountSettings(false, 0, f -> f.equals(FolderPath.of("Archive"))));
        w.remoteFolder("Archive");
        w.deliver("Archive", "<old@x>");
        w.deliver("INBOX", "<new@x>");

        w.sync(ALL);

        assertThat(w.local("<old@x>").headerOnly()).isTrue();
        assertThat(w.local("<new@x>").headerOnly()).isFalse();
        assertThat(named(w, "FETCH"))
                .filteredOn(c -> c.isIn(FolderPath.of("Archive")))
                .isNotEmpty()
                .noneMatch(c -> c.args().contains("BODY.PEEK[]"));
    }

    @Test
    void aDownloadPassNeverPromotesItemsOfAHeadersOnlyFolder() throws Exception {
        ScenarioWorld w = new ScenarioWorld(
                FakeMailServer.ALL, new AccountSettings(false, 0, f -> f.equals(FolderPath.of("Archive"))));
        w.remoteFolder("Archive");
        w.deliver("Archive", "<old@x>");
        w.sync(ALL);
        w.server.clearCommands();

        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)));

        assertThat(w.local("<old@x>").headerOnly()).isTrue();
        assertThat(named(w, "FETCH")).noneMatch(c -> c.args().contains("BODY.PEEK[]"));
    }

    @Test
    void b26WithTheseFoldersOnlyTheNamedFoldersAreSelected() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.PLAIN, AccountSettings.DEFAULT);
        for (String name : List.of("A", "B", "C")) {
            w.remoteFolder(name);
            w.deliver(name, "<" + name + "@x>");
        }
        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_HIERARCHY)));
        w.server.clearCommands();

        w.sync(SyncRequest.forFolders(
                EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS), Set.of(FolderPath.of("B"))));

        assertThat(named(w, "SELECT")).isNotEmpty().allMatch(c -> c.isIn(FolderPath.of("B")));
        assertThat(named(w, "FETCH")).allMatch(c -> c.isIn(FolderPath.of("B")));
    }

    @Test
    void b27AFullSyncIssuesItsCommandsInPhaseOrder() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>");
        w.localCreateFolder("Made");
        w.localNew("INBOX", "<up@x>");
        w.deliver("INBOX", "<down@x>");

        w.sync(ALL);

        List<String> names =
                w.server.commands().stream().map(RecordedCommand::name).toList();
        int create = names.indexOf("CREATE");
        int append = names.indexOf("APPEND");
        int bodyFetch = indexOf(w.server.commands(), c -> c.args().contains("BODY.PEEK[]"));
        assertThat(create).isNotNegative().isLessThan(append);
        assertThat(append).isLessThan(names.lastIndexOf("LIST"));
        assertThat(names.lastIndexOf("LIST")).isLessThan(bodyFetch);
    }

    @Test
    void b36ALocalMoveReachesTheServerAsMoveNeverAsAppendPlusDelete() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.remoteFolder("Archive");
        w.deliver("INBOX", "<a@x>");
        w.sync(ALL);
        w.server.clearCommands();
        w.localMove("<a@x>", "Archive");

        w.sync(ALL);

        assertThat(named(w, "MOVE")).hasSize(1);
        assertThat(named(w, "APPEND")).isEmpty();
        assertThat(w.server.uids(FolderPath.of("Archive"))).hasSize(1);
    }

    @Test
    void b37AReadStateChangeIsOneFlagStoreAndNoReupload() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>", "<b@x>");
        w.localFlags("<a@x>", SyncScenarioTest.SEEN);
        w.localFlags("<b@x>", SyncScenarioTest.SEEN);

        w.sync(ALL);

        assertThat(named(w, "STORE")).hasSize(1).allMatch(c -> c.args().contains("+FLAGS"));
        assertThat(named(w, "APPEND")).isEmpty();
    }

    @Test
    void b38AFailedPromotionLeavesTheHeaderOnlyItemExactlyAsItWas() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL);
        w.deliver("INBOX", "<h@x>");
        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));
        w.localFlags("<h@x>", SyncScenarioTest.FLAGGED);
        LocalMessage before = w.local("<h@x>");
        w.server.inject(
                FakeFault.on("FETCH").onUid(before.remote().orElseThrow().uid()).fail(Status.BUSY, Scope.MESSAGE));

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)));

        assertThat(r.status()).isEqualTo(Status.PARTIAL);
        assertThat(r.errors()).extracting(SyncError::scope).containsExactly(Scope.MESSAGE);
        assertThat(w.local("<h@x>")).isEqualTo(before);
    }

    @Test
    void b38ASuccessfulPromotionReplacesTheItemInPlaceAndKeepsItsFlags() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL);
        w.deliver("INBOX", "<h@x>");
        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));
        w.localFlags("<h@x>", SyncScenarioTest.FLAGGED);
        LocalMessage before = w.local("<h@x>");

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)));

        LocalMessage after = w.local("<h@x>");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(after.headerOnly()).isFalse();
        assertThat(after.localId()).isEqualTo(before.localId());
        assertThat(after.flags()).isEqualTo(Flags.of(SyncScenarioTest.FLAGGED));
        assertThat(w.store.content(after.localId()).orElseThrow().bytes())
                .isEqualTo(w.server.content(INBOX, after.remote().orElseThrow().uid()));
    }

    @Test
    void fetchFullPromotesTheNamedMessageAndReportsAnUnknownOneAsNotFound() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL);
        w.deliver("INBOX", "<h@x>");
        w.deliver("INBOX", "<other@x>");
        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));
        long id = w.local("<h@x>").localId();

        try (EngineFixture f =
                new EngineFixture(w.store, w.server, Phases.standard(), AccountSettings.DEFAULT, StepProbe.NONE)) {
            RecordingSyncListener l = f.listener();
            f.engine.fetchFull(
                    EngineFixture.ALICE,
                    Set.of(new MessageKey(EngineFixture.ALICE, id), new MessageKey(EngineFixture.ALICE, 9999)),
                    l);
            SyncResult r = l.awaitDone();

            assertThat(r.status()).isEqualTo(Status.PARTIAL);
            assertThat(r.errors()).extracting(SyncError::status).containsExactly(Status.NOT_FOUND);
        }
        assertThat(w.local("<h@x>").headerOnly()).isFalse();
        assertThat(w.local("<other@x>").headerOnly()).isTrue();
    }

    @Test
    void b39FlagsChangedIndependentlyOnBothSidesAreMergedWithoutAConflict() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>");
        w.localFlags("<a@x>", SyncScenarioTest.SEEN);
        w.remoteFlags("INBOX", "<a@x>", SyncScenarioTest.FLAGGED);

        SyncResult r = w.sync(ALL);

        assertThat(r.errors()).isEmpty();
        assertThat(w.local("<a@x>").flags()).isEqualTo(Flags.of(SyncScenarioTest.SEEN, SyncScenarioTest.FLAGGED));
    }

    @Test
    void b40AServerExpungeOfAMessageWithAPendingLocalFlagChangeRemovesItWithAConflictWarning() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>");
        w.localFlags("<a@x>", SyncScenarioTest.SEEN);
        w.remoteExpunge("INBOX", "<a@x>");

        SyncResult r = w.sync(ALL);

        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Status.CONFLICT);
            assertThat(e.scope()).isEqualTo(Scope.MESSAGE);
            assertThat(e.message()).contains("<a@x>");
        });
        assertThat(w.store.messages(w.folder("INBOX").id())).isEmpty();
    }

    @Test
    void b41WithCondstoreAnUnchangedFolderIsNeitherSelectedNorFetched() {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>");

        w.sync(ALL);

        assertThat(w.server.commands())
                .noneMatch(c -> c.name().equals("SELECT") || c.name().equals("FETCH"));
    }

    @Test
    void b42WithoutCondstoreTheUidFlagsScanDetectsFlagChangesAndExpunges() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.PLAIN, "<a@x>", "<b@x>");
        w.remoteFlags("INBOX", "<a@x>", SyncScenarioTest.SEEN);
        w.remoteExpunge("INBOX", "<b@x>");

        w.sync(ALL);

        assertThat(w.local("<a@x>").flags()).isEqualTo(Flags.of(SyncScenarioTest.SEEN));
        assertThat(w.store.messages(w.folder("INBOX").id())).hasSize(1);
        assertThat(named(w, "FETCH")).anyMatch(c -> c.args().contains("(UID FLAGS)"));
    }

    @Test
    void b43AUidValidityChangeReMapsLocalMessagesWithoutDownloadingBodiesAgain() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.ALL, "<a@x>", "<b@x>");
        long a = w.local("<a@x>").localId();
        w.server.changeUidValidity(INBOX);

        SyncResult r = w.sync(ALL);

        assertThat(r.errors()).isEmpty();
        assertThat(named(w, "FETCH")).noneMatch(c -> c.args().contains("BODY.PEEK"));
        assertThat(w.local("<a@x>").localId()).isEqualTo(a);
        assertThat(w.local("<a@x>").remote().orElseThrow().uid()).isEqualTo(w.remoteUid("INBOX", "<a@x>"));
    }

    @Test
    void b44WithoutUidplusTheAppendedUidIsFoundByMessageIdOrTrackingHeader() throws Exception {
        ScenarioWorld w = synced(FakeMailServer.PLAIN);
        w.localNew("INBOX", "<n@x>");
        w.localNewWithoutId("INBOX", "anonymous");

        w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

        assertThat(named(w, "SEARCH")).anyMatch(c -> c.args().contains("Message-ID"));
        assertThat(named(w, "SEARCH")).anyMatch(c -> c.args().contains(Reconciler.TRACKING_HEADER));
        assertThat(w.local("<n@x>").remote()).isPresent();
        assertThat(w.store.messages(w.folder("INBOX").id()))
                .allMatch(m -> m.remote().isPresent());
    }

    @Test
    void b45WithoutMoveAMoveExpungesOnlyTheMovedUids() throws Exception {
        ScenarioWorld w = new ScenarioWorld(Set.of(org.backsync.spi.Capability.UIDPLUS), AccountSettings.DEFAULT);
        w.remoteFolder("Archive");
        w.deliver("INBOX", "<a@x>");
        w.deliver("INBOX", "<b@x>");
        w.sync(ALL);
        w.server.clearCommands();
        w.localMove("<a@x>", "Archive");

        w.sync(ALL);

        String moved = w.server.commands().stream()
                .filter(c -> c.name().equals("COPY"))
                .findFirst()
                .orElseThrow()
                .args()
                .split(" ")[0];
        assertThat(named(w, "EXPUNGE"))
                .singleElement()
                .satisfies(c -> assertThat(c.args()).isEqualTo("UID " + moved));
        assertThat(w.server.uids(INBOX)).containsExactly(w.remoteUid("INBOX", "<b@x>"));
    }

    private static int indexOf(List<RecordedCommand> cs, java.util.function.Predicate<RecordedCommand> p) {
        for (int i = 0; i < cs.size(); i++) {
            if (p.test(cs.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
