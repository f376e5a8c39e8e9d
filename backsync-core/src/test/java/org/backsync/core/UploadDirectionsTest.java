package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.RecordedCommand;
import org.junit.jupiter.api.Test;

/** R16 on the fake for the upload directions (issue 6); {@code UploadWireDovecotIT} checks the same on the wire. */
class UploadDirectionsTest {
    @Test
    void uploadContentsAloneListsNoFolderAndFetchesNoBody() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.remoteFolder("Archive");
        w.deliver("INBOX", "<a@x>");
        w.deliver("INBOX", "<b@x>");
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localFlags("<a@x>", SyncScenarios.SEEN);
        w.localMove("<b@x>", "Archive");
        w.localNew("INBOX", "<n@x>");
        w.deliver("INBOX", "<server-new@x>");
        w.server.clearCommands();

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

        List<RecordedCommand> sent = w.server.commands();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(sent).extracting(RecordedCommand::name).contains("APPEND", "STORE", "MOVE");
        assertThat(sent)
                .extracting(RecordedCommand::name)
                .doesNotContain("LIST", "CREATE", "RENAME", "DELETE", "SUBSCRIBE");
        assertThat(sent).noneMatch(c -> c.args().contains("BODY") || c.args().contains("1:*"));
    }

    @Test
    void uploadContentsAloneToAFolderGoneFromTheServerReportsItAndKeepsTheChangePending() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.remoteFolder("Old");
        w.deliver("Old", "<o@x>");
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localFlags("<o@x>", SyncScenarios.SEEN);
        w.remoteDeleteFolder("Old");

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

        assertThat(r.status()).isEqualTo(Status.PARTIAL);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
            assertThat(e.scope()).isEqualTo(Scope.FOLDER);
        });
        assertThat(w.snapshot()).contains("pending message <o@x> in Old");
    }
}
