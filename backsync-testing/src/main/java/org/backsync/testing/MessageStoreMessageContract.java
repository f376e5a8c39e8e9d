package org.backsync.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backsync.testing.StoreSamples.downloaded;
import static org.backsync.testing.StoreSamples.headerOnly;
import static org.backsync.testing.StoreSamples.insertDownloaded;
import static org.backsync.testing.StoreSamples.insertLocal;
import static org.backsync.testing.StoreSamples.mail;
import static org.backsync.testing.StoreSamples.read;
import static org.backsync.testing.StoreSamples.serverFolder;

import java.util.Optional;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;

/** The message part of {@link MessageStoreContract}: metadata, flags, local moves and deletes, header-only items. */
public interface MessageStoreMessageContract {
    /** A fresh, empty store for the current test; the implementing class closes it afterwards. */
    MessageStore testSubject();

    @Test
    default void downloadedMessageKeepsEveryMetadataField() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        var sent = downloaded(inbox, 9, Flags.of(Flags.SEEN, "$Label1"));

        long id = store.write(tx -> tx.insertMessage(inbox, sent));

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.localId()).isEqualTo(id);
        assertThat(m.folderId()).isEqualTo(inbox);
        assertThat(m.remote()).contains(new RemoteRef(inbox, Uid.of(9)));
        assertThat(m.messageId()).isEqualTo(sent.messageId());
        assertThat(m.internalDate()).isEqualTo(sent.internalDate());
        assertThat(m.size()).isEqualTo(sent.size());
        assertThat(m.flags()).isEqualTo(Flags.of(Flags.SEEN, "$Label1"));
        assertThat(m.baseFlags()).contains(Flags.of(Flags.SEEN, "$Label1"));
        assertThat(m.modSeq()).contains(ModSeq.of(90));
        assertThat(m.headerOnly()).isFalse();
        assertThat(m.deleted()).isFalse();
        assertThat(m.trackingId()).isEmpty();
        assertThat(m.hasFlagChange() || m.hasPendingMove() || m.hasPendingDelete() || m.needsAppend())
                .isFalse();
    }

    @Test
    default void messagesOfAFolderAreListedByLocalId() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long a = insertDownloaded(store, inbox, 30, Flags.NONE);
        long b = insertDownloaded(store, inbox, 10, Flags.NONE);
        long c = insertDownloaded(store, inbox, 20, Flags.NONE);

        assertThat(store.messages(inbox)).extracting(LocalMessage::localId).containsExactly(a, b, c);
        assertThat(a).isLessThan(b).isLessThan(c);
    }

    @Test
    default void messageIsFoundByItsUidInItsServerFolder() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long other = serverFolder(store, "Other").id();
        long id = insertDownloaded(store, inbox, 5, Flags.NONE);

        assertThat(store.messageByUid(inbox, Uid.of(5)))
                .map(LocalMessage::localId)
                .contains(id);
        assertThat(store.messageByUid(other, Uid.of(5))).isEmpty();
        assertThat(store.messageByUid(inbox, Uid.of(6))).isEmpty();
    }

    @Test
    default void locallyCreatedMessageNeedsAppend() throws Exception {
        MessageStore store = testSubject();
        long drafts = serverFolder(store, "Drafts").id();

        long id = insertLocal(store, drafts, mail("draft"));

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.needsAppend()).isTrue();
        assertThat(m.baseFlags()).isEmpty();
        assertThat(m.hasFlagChange()).isFalse();
    }

    @Test
    default void aUidCannotBeMappedToTwoMessages() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        insertDownloaded(store, inbox, 5, Flags.NONE);

        assertThatThrownBy(() -> insertDownloaded(store, inbox, 5, Flags.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UID 5");
        assertThat(store.messages(inbox)).hasSize(1);
    }

    @Test
    default void localFlagChangeIsPendingUntilTheBaseAgrees() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.setFlags(id, Flags.of(Flags.SEEN));
            return null;
        });
        LocalMessage changed = store.message(id).orElseThrow();
        store.write(tx -> {
            tx.setSyncedFlags(id, Flags.of(Flags.SEEN), Flags.of(Flags.SEEN), Optional.of(ModSeq.of(99)));
            return null;
        });

        assertThat(changed.hasFlagChange()).isTrue();
        assertThat(changed.baseFlags()).contains(Flags.NONE);
        LocalMessage synced = store.message(id).orElseThrow();
        assertThat(synced.hasFlagChange()).isFalse();
        assertThat(synced.baseFlags()).contains(Flags.of(Flags.SEEN));
        assertThat(synced.modSeq()).contains(ModSeq.of(99));
    }

    @Test
    default void settingFlagsBackToTheBaseLeavesNoPendingChange() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.of(Flags.SEEN));

        store.write(tx -> {
            tx.setFlags(id, Flags.of(Flags.FLAGGED));
            tx.setFlags(id, Flags.of(Flags.SEEN));
            return null;
        });

        assertThat(store.message(id).orElseThrow().hasFlagChange()).isFalse();
    }

    @Test
    default void keywordsAndSystemFlagsRoundTrip() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        Flags all = Flags.of(Flags.SEEN, Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.DRAFT, "$Forwarded", "x");
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.setFlags(id, all);
            return null;
        });

        assertThat(store.message(id).orElseThrow().flags()).isEqualTo(all);
    }

    @Test
    default void localMoveIsPendingAndListedInBothFolders() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long archive = serverFolder(store, "Archive").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.moveLocal(id, archive);
            return null;
        });

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.folderId()).isEqualTo(archive);
        assertThat(m.remote()).contains(new RemoteRef(inbox, Uid.of(1)));
        assertThat(m.hasPendingMove()).isTrue();
        assertThat(store.messages(inbox)).extracting(LocalMessage::localId).containsExactly(id);
        assertThat(store.messages(archive)).extracting(LocalMessage::localId).containsExactly(id);
    }

    @Test
    default void movingBackToTheServerFolderCancelsTheMove() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long archive = serverFolder(store, "Archive").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.moveLocal(id, archive);
            tx.moveLocal(id, inbox);
            return null;
        });

        assertThat(store.message(id).orElseThrow().hasPendingMove()).isFalse();
        assertThat(store.messages(archive)).isEmpty();
    }

    @Test
    default void deletingAServerMessageIsAPendingDelete() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.markDeleted(id);
            return null;
        });

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.deleted()).isTrue();
        assertThat(m.hasPendingDelete()).isTrue();
        assertThat(m.hasFlagChange() || m.hasPendingMove() || m.needsAppend()).isFalse();
    }

    @Test
    default void deletingAMessageNeverUploadedRemovesIt() throws Exception {
        MessageStore store = testSubject();
        long drafts = serverFolder(store, "Drafts").id();
        long id = insertLocal(store, drafts, mail("draft"));

        store.write(tx -> {
            tx.markDeleted(id);
            return null;
        });

        assertThat(store.message(id)).isEmpty();
        assertThat(store.content(id)).isEmpty();
    }

    @Test
    default void removedMessageIsGoneWithItsContent() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.removeMessage(id);
            return null;
        });

        assertThat(store.message(id)).isEmpty();
        assertThat(store.content(id)).isEmpty();
        assertThat(store.messageByUid(inbox, Uid.of(1))).isEmpty();
    }

    @Test
    default void changingAMissingMessageFailsWithNotFoundAtMessageScope() {
        MessageStore store = testSubject();

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.setFlags(12345, Flags.NONE);
                    return null;
                }))
                .isInstanceOfSatisfying(SyncException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
                    assertThat(e.scope()).isEqualTo(Scope.MESSAGE);
                });
    }

    @Test
    default void headerOnlyItemStoresTheHeaderSectionAndTheServerSize() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        byte[] header = "Subject: big\r\n\r\n".getBytes(ISO_8859_1);

        long id = store.write(tx -> tx.insertMessage(inbox, headerOnly(inbox, 3, header, 1_000_000)));

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.headerOnly()).isTrue();
        assertThat(m.size()).isEqualTo(1_000_000);
        assertThat(read(store.content(id).orElseThrow())).isEqualTo(header);
    }

    @Test
    default void promotionReplacesContentInPlaceKeepingIdFlagsAndPendingChanges() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long archive = serverFolder(store, "Archive").id();
        long id = store.write(tx -> tx.insertMessage(inbox, headerOnly(inbox, 3, mail("h"), 500)));
        store.write(tx -> {
            tx.setFlags(id, Flags.of(Flags.FLAGGED));
            tx.moveLocal(id, archive);
            return null;
        });
        byte[] full = mail("the full message with its body");

        store.write(tx -> {
            tx.replaceContent(id, RawMessage.of(full));
            return null;
        });

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.headerOnly()).isFalse();
        assertThat(m.size()).isEqualTo(full.length);
        assertThat(m.flags()).isEqualTo(Flags.of(Flags.FLAGGED));
        assertThat(m.hasFlagChange()).isTrue();
        assertThat(m.hasPendingMove()).isTrue();
        assertThat(read(store.content(id).orElseThrow())).isEqualTo(full);
    }

    @Test
    default void trackingIdIsRecordedWithTheRewrittenContent() throws Exception {
        MessageStore store = testSubject();
        long drafts = serverFolder(store, "Drafts").id();
        long id = insertLocal(store, drafts, mail("draft"));
        byte[] rewritten = ("X-Backsync-Id: t-1\r\n" + new String(mail("draft"), ISO_8859_1)).getBytes(ISO_8859_1);

        store.write(tx -> {
            tx.setTrackingId(id, "t-1", RawMessage.of(rewritten));
            return null;
        });

        assertThat(store.message(id).orElseThrow().trackingId()).contains("t-1");
        assertThat(store.message(id).orElseThrow().size()).isEqualTo(rewritten.length);
        assertThat(read(store.content(id).orElseThrow())).isEqualTo(rewritten);
    }

    @Test
    default void uidValidityRemapKeepsLocalIdContentAndFlags() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.of(Flags.SEEN));
        byte[] before = read(store.content(id).orElseThrow());

        store.write(tx -> {
            tx.setRemote(id, Optional.of(new RemoteRef(inbox, Uid.of(501))));
            return null;
        });

        LocalMessage m = store.message(id).orElseThrow();
        assertThat(m.remote()).contains(new RemoteRef(inbox, Uid.of(501)));
        assertThat(m.flags()).isEqualTo(Flags.of(Flags.SEEN));
        assertThat(store.messageByUid(inbox, Uid.of(501)))
                .map(LocalMessage::localId)
                .contains(id);
        assertThat(store.messageByUid(inbox, Uid.of(1))).isEmpty();
        assertThat(read(store.content(id).orElseThrow())).isEqualTo(before);
    }

    @Test
    default void clearingTheRemoteMakesTheMessageNeedAppend() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long id = insertDownloaded(store, inbox, 1, Flags.NONE);

        store.write(tx -> {
            tx.setRemote(id, Optional.empty());
            return null;
        });

        assertThat(store.message(id).orElseThrow().needsAppend()).isTrue();
        assertThat(store.messageByUid(inbox, Uid.of(1))).isEmpty();
    }
}
