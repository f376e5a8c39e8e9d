package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backsync.testing.StoreSamples.headerOnly;
import static org.backsync.testing.StoreSamples.insertDownloaded;
import static org.backsync.testing.StoreSamples.insertLocal;
import static org.backsync.testing.StoreSamples.mail;
import static org.backsync.testing.StoreSamples.serverFolder;

import java.util.Set;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;

/**
 * The targeted reads of {@link MessageStoreContract}: what a resync asks instead of reading every message of every
 * folder (pending uploads, header-only items, the count the audit compares, messages by UID), and the server quirks
 * the audit records. Each message query must give exactly what filtering {@code messages(folderId)} would give.
 */
public interface MessageStoreQueryContract {
    MessageStore testSubject();

    @Test
    default void pendingUploadsHoldOnlyMessagesWithAChangeToSend() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long other = serverFolder(store, "Other").id();
        insertDownloaded(store, inbox, 1, Flags.NONE);
        long flagged = insertDownloaded(store, inbox, 2, Flags.NONE);
        long flaggedBack = insertDownloaded(store, inbox, 3, Flags.of(Flags.SEEN));
        long deleted = insertDownloaded(store, inbox, 4, Flags.NONE);
        long moved = insertDownloaded(store, inbox, 5, Flags.NONE);
        long fresh = insertLocal(store, inbox, mail("new"));
        long freshThenDeleted = insertLocal(store, inbox, mail("gone"));
        store.write(tx -> {
            tx.setFlags(flagged, Flags.of(Flags.FLAGGED));
            tx.setFlags(flaggedBack, Flags.NONE);
            tx.setFlags(flaggedBack, Flags.of(Flags.SEEN));
            tx.markDeleted(deleted);
            tx.moveLocal(moved, other);
            tx.markDeleted(freshThenDeleted);
            return null;
        });

        assertThat(store.pendingUploads(inbox))
                .extracting(LocalMessage::localId)
                .containsExactly(flagged, deleted, moved, fresh);
        assertThat(store.pendingUploads(other)).isEmpty();
        assertThat(store.pendingUploads(inbox))
                .isEqualTo(store.messages(inbox).stream()
                        .filter(m -> m.hasFlagChange() || m.hasPendingDelete() || m.hasPendingMove() || m.needsAppend())
                        .toList());
    }

    @Test
    default void pendingUploadsInsideATransactionSeeItsOwnChanges() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        int pending = store.write(tx -> {
            tx.setFlags(id, Flags.of(Flags.ANSWERED));
            return tx.pendingUploads(inbox).size();
        });

        assertThat(pending).isEqualTo(1);
    }

    @Test
    default void headerOnlyListsTheHeaderOnlyItemsTheServerHoldsInTheFolder() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long other = serverFolder(store, "Other").id();
        insertDownloaded(store, inbox, 1, Flags.NONE);
        long kept = store.write(tx -> tx.insertMessage(inbox, headerOnly(inbox, 2, mail("h2"), 5000)));
        long deleted = store.write(tx -> tx.insertMessage(inbox, headerOnly(inbox, 3, mail("h3"), 5000)));
        long movedOut = store.write(tx -> tx.insertMessage(inbox, headerOnly(inbox, 4, mail("h4"), 5000)));
        store.write(tx -> {
            tx.markDeleted(deleted);
            tx.moveLocal(movedOut, other);
            return null;
        });

        assertThat(store.headerOnly(inbox)).extracting(LocalMessage::localId).containsExactly(kept, movedOut);
        assertThat(store.headerOnly(other)).isEmpty();
    }

    @Test
    default void countOnServerCountsWhatTheServerHoldsInTheFolder() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long other = serverFolder(store, "Other").id();
        insertDownloaded(store, inbox, 1, Flags.NONE);
        long deleted = insertDownloaded(store, inbox, 2, Flags.NONE);
        long moved = insertDownloaded(store, inbox, 3, Flags.NONE);
        insertLocal(store, inbox, mail("not on the server yet"));
        insertDownloaded(store, other, 1, Flags.NONE);
        store.write(tx -> {
            tx.markDeleted(deleted);
            tx.moveLocal(moved, other);
            return null;
        });

        assertThat(store.countOnServer(inbox)).isEqualTo(3);
        assertThat(store.countOnServer(other)).isEqualTo(1);
    }

    @Test
    default void aServerQuirkIsKeptPerAccountUntilForgotten() throws Exception {
        MessageStore store = testSubject();

        store.write(tx -> {
            tx.setQuirk(StoreSamples.ALICE, ServerQuirk.UNRELIABLE_MODSEQ, true);
            tx.setQuirk(StoreSamples.ALICE, ServerQuirk.UNRELIABLE_MODSEQ, true);
            return null;
        });

        assertThat(store.quirks(StoreSamples.ALICE)).containsExactly(ServerQuirk.UNRELIABLE_MODSEQ);
        assertThat(store.quirks(StoreSamples.BOB)).isEmpty();
        assertThat(store.accounts()).contains(StoreSamples.ALICE);
        store.write(tx -> {
            tx.setQuirk(StoreSamples.ALICE, ServerQuirk.UNRELIABLE_MODSEQ, false);
            return null;
        });
        assertThat(store.quirks(StoreSamples.ALICE)).isEmpty();
    }

    @Test
    default void messagesByUidFindOnlyTheNamedUidsOfThatFolder() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long other = serverFolder(store, "Other").id();
        long five = insertDownloaded(store, inbox, 5, Flags.NONE);
        insertDownloaded(store, inbox, 6, Flags.NONE);
        long seven = insertDownloaded(store, inbox, 7, Flags.NONE);
        insertDownloaded(store, other, 5, Flags.NONE);

        assertThat(store.messagesByUid(inbox, Set.of(Uid.of(7), Uid.of(5), Uid.of(99))))
                .extracting(LocalMessage::localId)
                .containsExactly(five, seven);
        assertThat(store.messagesByUid(inbox, Set.of())).isEmpty();
    }
}
