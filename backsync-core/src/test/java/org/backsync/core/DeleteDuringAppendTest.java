package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.spi.IntentKind;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak (issue 10): a new local message deleted by the user while its APPEND is under way must not come
 * back. A message never uploaded is removed from the store at once, so the APPEND's outcome finds no row; the copy the
 * server took must then be deleted like any other local delete, live or after a crash.
 */
class DeleteDuringAppendTest {
    @Test
    void aLocalMessageDeletedWhileItsAppendIsUnderWayIsDeletedOnTheServerAndNeverComesBack() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
        long[] local = {-1};
        StepProbe userDeletesMidAppend = (step, kind, id) -> {
            if (step == StepProbe.Step.INTENT_COMMITTED && kind == IntentKind.APPEND) {
                delete(store, local[0]);
            }
        };
        try (EngineFixture f =
                new EngineFixture(store, server, Phases.standard(), AccountSettings.DEFAULT, userDeletesMidAppend)) {
            f.syncAll();
            long inbox = StatusAndProgressTest.folderId(f, FolderPath.INBOX);
            local[0] = StatusAndProgressTest.addLocal(f, inbox, "<deleted-mid-append@x>");

            assertThat(f.syncAll().status()).isEqualTo(Status.OK);
            assertThat(f.syncAll().status()).isEqualTo(Status.OK);

            assertThat(server.uids(FolderPath.INBOX)).isEmpty();
            assertThat(visible(store, inbox)).isEmpty();
        }
    }

    @Test
    void aLocalMessageDeletedAfterACrashMidAppendIsDeletedOnTheServerByTheResumedSync() throws Exception {
        ScenarioWorld w = new ScenarioWorld(FakeMailServer.ALL, AccountSettings.DEFAULT);
        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.localNew("INBOX", "<n@x>");
        w.probe.armFor(StepProbe.Step.EFFECT_DONE, IntentKind.APPEND);
        w.sync(SyncRequest.all(EngineFixture.ALICE)); // the process dies with the APPEND done, its outcome unrecorded
        w.probe.arm(-1);
        assertThat(w.server.uids(FolderPath.INBOX)).hasSize(1);
        delete(w.store, w.local("<n@x>").localId()); // the user deletes it before the engine starts again

        w.sync(SyncRequest.all(EngineFixture.ALICE));
        w.sync(SyncRequest.all(EngineFixture.ALICE));

        assertThat(w.server.uids(FolderPath.INBOX)).isEmpty();
        long inbox = w.store
                .folder(EngineFixture.ALICE, FolderPath.INBOX)
                .orElseThrow()
                .id();
        assertThat(visible(w.store, inbox)).isEmpty();
    }

    private static void delete(InMemoryMessageStore store, long localId) {
        try {
            store.write(tx -> {
                tx.markDeleted(localId);
                return null;
            });
        } catch (SyncException e) {
            throw new AssertionError(e);
        }
    }

    /** The folder's messages a user sees: in the folder, not deleted. */
    static List<LocalMessage> visible(InMemoryMessageStore store, long folderId) throws SyncException {
        return store.messages(folderId).stream()
                .filter(m -> m.folderId() == folderId && !m.deleted())
                .toList();
    }
}
