package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.spi.IntentKind;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak (session 3): a message the user moved and then deleted while the move was under way came back. The
 * move's outcome found the message deleted and removed it from the store, so the moved copy on the server was unknown
 * and the next download brought it back. It must be deleted on the server like any other local delete; a delete that
 * is itself a move to Trash still leaves the Trash copy to the download.
 */
class DeleteDuringMoveTest {
    private static final FolderPath WORK = FolderPath.of("Work");

    @Test
    void aMessageDeletedWhileItsMoveIsUnderWayIsDeletedOnTheServerAndNeverComesBack() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
        server.createFolder(WORK);
        server.deliver(
                FolderPath.INBOX, MailSamples.plain("<moved-then-deleted@x>", "body"), org.backsync.spi.Flags.NONE);
        long[] local = {-1};
        StepProbe userDeletesMidMove = (step, kind, id) -> {
            if (step == StepProbe.Step.INTENT_COMMITTED && kind == IntentKind.MOVE) {
                write(store, tx -> tx.markDeleted(local[0]));
            }
        };
        try (EngineFixture f =
                new EngineFixture(store, server, Phases.standard(), AccountSettings.DEFAULT, userDeletesMidMove)) {
            f.syncAll();
            long work = StatusAndProgressTest.folderId(f, WORK);
            local[0] = visible(store, StatusAndProgressTest.folderId(f, FolderPath.INBOX))
                    .getFirst()
                    .localId();
            write(store, tx -> tx.moveLocal(local[0], work));

            assertThat(f.syncAll().status()).isEqualTo(Status.OK);
            assertThat(f.syncAll().status()).isEqualTo(Status.OK);

            assertThat(server.uids(FolderPath.INBOX)).isEmpty();
            assertThat(server.uids(WORK)).as("the moved copy").isEmpty();
            assertThat(visible(store, work)).isEmpty();
            assertThat(visible(store, StatusAndProgressTest.folderId(f, FolderPath.INBOX)))
                    .isEmpty();
        }
    }

    @Test
    void aDeleteToTrashStillLeavesTheTrashCopyToTheDownload() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
        FolderPath trash = FolderPath.of("Trash");
        server.createFolder(trash, SpecialUse.TRASH);
        server.deliver(FolderPath.INBOX, MailSamples.plain("<to-trash@x>", "body"), org.backsync.spi.Flags.NONE);
        try (EngineFixture f = new EngineFixture(
                store, server, Phases.standard(), new AccountSettings(true, 0), (step, kind, id) -> {})) {
            f.syncAll();
            long inbox = StatusAndProgressTest.folderId(f, FolderPath.INBOX);
            long id = visible(store, inbox).getFirst().localId();
            write(store, tx -> tx.markDeleted(id));

            assertThat(f.syncAll().status()).isEqualTo(Status.OK);
            assertThat(f.syncAll().status()).isEqualTo(Status.OK);

            assertThat(server.uids(FolderPath.INBOX)).isEmpty();
            assertThat(server.uids(trash)).hasSize(1);
            assertThat(visible(store, StatusAndProgressTest.folderId(f, trash))).hasSize(1);
        }
    }

    @FunctionalInterface
    private interface Change {
        void apply(org.backsync.spi.StoreTransaction tx) throws SyncException;
    }

    private static void write(InMemoryMessageStore store, Change change) {
        try {
            store.write(tx -> {
                change.apply(tx);
                return null;
            });
        } catch (SyncException e) {
            throw new AssertionError(e);
        }
    }

    private static List<LocalMessage> visible(InMemoryMessageStore store, long folderId) throws SyncException {
        return DeleteDuringAppendTest.visible(store, folderId);
    }
}
