package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backsync.testing.StoreSamples.ALICE;
import static org.backsync.testing.StoreSamples.BOB;
import static org.backsync.testing.StoreSamples.insertDownloaded;
import static org.backsync.testing.StoreSamples.localFolder;
import static org.backsync.testing.StoreSamples.reload;
import static org.backsync.testing.StoreSamples.serverFolder;

import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalFolder.Pending;
import org.backsync.spi.MessageStore;
import org.backsync.spi.ModSeq;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.junit.jupiter.api.Test;

/** The folder part of {@link MessageStoreContract}: accounts, hierarchy, pending hierarchy changes, sync state. */
public interface MessageStoreFolderContract {
    /** A fresh, empty store for the current test; the implementing class closes it afterwards. */
    MessageStore testSubject();

    @Test
    default void accountsAreListedSortedAndEnsureAccountIsIdempotent() throws Exception {
        MessageStore store = testSubject();

        store.write(tx -> {
            tx.ensureAccount(BOB);
            tx.ensureAccount(ALICE);
            tx.ensureAccount(BOB);
            return null;
        });

        assertThat(store.accounts()).containsExactly(ALICE, BOB);
    }

    @Test
    default void foldersAreListedSortedByPathAndOnlyForTheirAccount() throws Exception {
        MessageStore store = testSubject();
        serverFolder(store, "Sent");
        serverFolder(store, "INBOX");
        serverFolder(store, "Archive/2024");
        serverFolder(store, BOB, "Bobs");

        assertThat(store.folders(ALICE))
                .extracting(f -> f.path().value())
                .containsExactly("Archive/2024", "INBOX", "Sent");
    }

    @Test
    default void folderSeenOnTheServerHasItsRemotePathAndNothingPending() throws Exception {
        MessageStore store = testSubject();

        LocalFolder inbox = serverFolder(store, "INBOX");

        assertThat(reload(store, inbox)).isEqualTo(inbox);
        assertThat(inbox.remotePath()).contains(FolderPath.INBOX);
        assertThat(inbox.pending()).isEqualTo(Pending.NONE);
        assertThat(inbox.syncState()).isEmpty();
    }

    @Test
    default void folderCreatedLocallyIsPendingCreateWithoutRemotePath() throws Exception {
        MessageStore store = testSubject();

        LocalFolder drafts = localFolder(store, "Projects");

        assertThat(reload(store, drafts).pending()).isEqualTo(Pending.CREATE);
        assertThat(reload(store, drafts).remotePath()).isEmpty();
    }

    @Test
    default void addingAFolderAtAVisiblePathIsRefusedAsBusy() throws Exception {
        MessageStore store = testSubject();
        serverFolder(store, "INBOX");

        assertThatThrownBy(() -> serverFolder(store, "INBOX")).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.BUSY);
            assertThat(e.scope()).isEqualTo(Scope.FOLDER);
        });
        assertThat(store.folders(ALICE)).hasSize(1);
    }

    @Test
    default void folderIsFoundByIdAndByPath() throws Exception {
        MessageStore store = testSubject();
        LocalFolder sent = serverFolder(store, "Sent");

        assertThat(store.folder(ALICE, FolderPath.of("Sent"))).contains(sent);
        assertThat(store.folder(BOB, FolderPath.of("Sent"))).isEmpty();
        assertThat(store.folder(sent.id() + 1000)).isEmpty();
    }

    @Test
    default void localRenameKeepsTheRemotePathAndIsPendingRename() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");

        store.write(tx -> {
            tx.renameFolder(work.id(), FolderPath.of("Job"), true);
            return null;
        });

        LocalFolder after = reload(store, work);
        assertThat(after.path()).isEqualTo(FolderPath.of("Job"));
        assertThat(after.remotePath()).contains(FolderPath.of("Work"));
        assertThat(after.pending()).isEqualTo(Pending.RENAME);
    }

    @Test
    default void renameMovesChildFoldersAlongAndKeepsTheirMessages() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");
        LocalFolder child = serverFolder(store, "Work/2024");
        long message = insertDownloaded(store, child.id(), 7, Flags.NONE);

        store.write(tx -> {
            tx.renameFolder(work.id(), FolderPath.of("Job"), true);
            return null;
        });

        assertThat(reload(store, child).path()).isEqualTo(FolderPath.of("Job/2024"));
        assertThat(reload(store, child).remotePath()).contains(FolderPath.of("Work/2024"));
        assertThat(store.messages(child.id())).extracting(m -> m.localId()).containsExactly(message);
    }

    @Test
    default void renameBackToTheRemoteNameLeavesNothingPending() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");

        store.write(tx -> {
            tx.renameFolder(work.id(), FolderPath.of("Job"), true);
            tx.renameFolder(work.id(), FolderPath.of("Work"), true);
            return null;
        });

        assertThat(reload(store, work)).isEqualTo(work);
    }

    @Test
    default void remoteRenameMovesPathAndRemotePathTogether() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");
        LocalFolder child = serverFolder(store, "Work/2024");

        store.write(tx -> {
            tx.renameFolder(work.id(), FolderPath.of("Job"), false);
            return null;
        });

        assertThat(reload(store, work).remotePath()).contains(FolderPath.of("Job"));
        assertThat(reload(store, work).pending()).isEqualTo(Pending.NONE);
        assertThat(reload(store, child).path()).isEqualTo(FolderPath.of("Job/2024"));
        assertThat(reload(store, child).remotePath()).contains(FolderPath.of("Job/2024"));
    }

    @Test
    default void renameOntoAVisibleFolderIsRefusedAsBusy() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");
        serverFolder(store, "Job");

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.renameFolder(work.id(), FolderPath.of("Job"), true);
                    return null;
                }))
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.BUSY));
        assertThat(reload(store, work)).isEqualTo(work);
    }

    @Test
    default void acknowledgedRenameClearsPendingForTheFolderAndItsChildren() throws Exception {
        MessageStore store = testSubject();
        LocalFolder work = serverFolder(store, "Work");
        LocalFolder child = serverFolder(store, "Work/2024");
        store.write(tx -> {
            tx.renameFolder(work.id(), FolderPath.of("Job"), true);
            return null;
        });

        store.write(tx -> {
            tx.clearFolderPending(work.id());
            return null;
        });

        assertThat(reload(store, work).remotePath()).contains(FolderPath.of("Job"));
        assertThat(reload(store, work).pending()).isEqualTo(Pending.NONE);
        assertThat(reload(store, child).remotePath()).contains(FolderPath.of("Job/2024"));
        assertThat(reload(store, child).pending()).isEqualTo(Pending.NONE);
    }

    @Test
    default void acknowledgedCreateSetsTheRemotePath() throws Exception {
        MessageStore store = testSubject();
        LocalFolder projects = localFolder(store, "Projects");

        store.write(tx -> {
            tx.clearFolderPending(projects.id());
            return null;
        });

        assertThat(reload(store, projects).pending()).isEqualTo(Pending.NONE);
        assertThat(reload(store, projects).remotePath()).contains(FolderPath.of("Projects"));
    }

    @Test
    default void deletedFolderIsHiddenPendingDeleteAndItsPathCanBeReused() throws Exception {
        MessageStore store = testSubject();
        LocalFolder old = serverFolder(store, "Old");
        LocalFolder child = serverFolder(store, "Old/Child");

        store.write(tx -> {
            tx.markFolderDeleted(old.id());
            return null;
        });
        LocalFolder fresh = localFolder(store, "Old");

        assertThat(reload(store, old).pending()).isEqualTo(Pending.DELETE);
        assertThat(reload(store, old).isVisible()).isFalse();
        assertThat(reload(store, child).pending()).isEqualTo(Pending.DELETE);
        assertThat(store.folder(ALICE, FolderPath.of("Old"))).contains(fresh);
        assertThat(store.folders(ALICE)).hasSize(3);
    }

    @Test
    default void deletingAFolderNeverUploadedRemovesItAtOnce() throws Exception {
        MessageStore store = testSubject();
        LocalFolder projects = localFolder(store, "Projects");

        store.write(tx -> {
            tx.markFolderDeleted(projects.id());
            return null;
        });

        assertThat(store.folder(projects.id())).isEmpty();
    }

    @Test
    default void clearingAPendingDeleteRestoresTheFolder() throws Exception {
        MessageStore store = testSubject();
        LocalFolder old = serverFolder(store, "Old");
        store.write(tx -> {
            tx.markFolderDeleted(old.id());
            return null;
        });

        store.write(tx -> {
            tx.clearFolderPending(old.id());
            return null;
        });

        assertThat(reload(store, old)).isEqualTo(old);
    }

    @Test
    default void removeFolderRemovesItsMessagesAndUnmapsMessagesMovedOutOfIt() throws Exception {
        MessageStore store = testSubject();
        LocalFolder old = serverFolder(store, "Old");
        LocalFolder inbox = serverFolder(store, "INBOX");
        long stays = insertDownloaded(store, old.id(), 1, Flags.NONE);
        long movedOut = insertDownloaded(store, old.id(), 2, Flags.NONE);
        store.write(tx -> {
            tx.moveLocal(movedOut, inbox.id());
            return null;
        });

        store.write(tx -> {
            tx.removeFolder(old.id());
            return null;
        });

        assertThat(store.folder(old.id())).isEmpty();
        assertThat(store.message(stays)).isEmpty();
        assertThat(store.content(stays)).isEmpty();
        assertThat(store.message(movedOut).orElseThrow().needsAppend()).isTrue();
        assertThat(store.message(movedOut).orElseThrow().folderId()).isEqualTo(inbox.id());
    }

    @Test
    default void syncStateIsStoredAndCanBeForgotten() throws Exception {
        MessageStore store = testSubject();
        LocalFolder inbox = serverFolder(store, "INBOX");
        FolderSyncState state =
                new FolderSyncState(UidValidity.of(4_000_000_000L), Uid.of(77), Optional.of(ModSeq.of(1L << 40)));

        store.write(tx -> {
            tx.setSyncState(inbox.id(), Optional.of(state));
            return null;
        });
        FolderSyncState stored = reload(store, inbox).syncState().orElseThrow();
        store.write(tx -> {
            tx.setSyncState(inbox.id(), Optional.empty());
            return null;
        });

        assertThat(stored).isEqualTo(state);
        assertThat(reload(store, inbox).syncState()).isEmpty();
    }

    @Test
    default void specialUseIsSetAndCleared() throws Exception {
        MessageStore store = testSubject();
        LocalFolder trash = serverFolder(store, "Deleted Items");

        store.write(tx -> {
            tx.setSpecialUse(trash.id(), Optional.of(SpecialUse.TRASH));
            return null;
        });
        Optional<SpecialUse> set = reload(store, trash).specialUse();
        store.write(tx -> {
            tx.setSpecialUse(trash.id(), Optional.empty());
            return null;
        });

        assertThat(set).contains(SpecialUse.TRASH);
        assertThat(reload(store, trash).specialUse()).isEmpty();
    }

    @Test
    default void changingAMissingFolderFailsWithNotFoundAtFolderScope() {
        MessageStore store = testSubject();

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.markFolderDeleted(999);
                    return null;
                }))
                .isInstanceOfSatisfying(SyncException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
                    assertThat(e.scope()).isEqualTo(Scope.FOLDER);
                });
    }
}
