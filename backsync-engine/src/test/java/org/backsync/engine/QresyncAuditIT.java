package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.ModSeq;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.ImapQuirk;
import org.backsync.testing.RecordingSyncListener;
import org.backsync.testing.ScriptedImapServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of CONTRACT 5.1 against a server whose QRESYNC lies ({@code transcripts/qresync-lies.txt}): STATUS keeps
 * HIGHESTMODSEQ 10 and UIDNEXT 4 although UID 2 was expunged, so CONDSTORE alone calls INBOX unchanged. The store
 * holds UIDs 1-3 from the last sync; the count (2 against 3) gives the lie away.
 */
class QresyncAuditIT {
    private static final AccountId ACCOUNT = AccountId.of("audit");

    @TempDir
    Path dir;

    @Test
    void aLyingHighestModSeqIsCaughtByTheCountRepairedByAFullScanAndRemembered() throws Exception {
        try (ScriptedImapServer server = ImapQuirk.QRESYNC_LIES.start();
                SqliteMessageStore store = SqliteMessageStore.open(dir)) {
            long inbox = seedInboxWithUids123(store);
            SyncEngine engine = engine(store, server);

            SyncResult first = sync(engine);

            assertThat(uids(store, inbox)).containsExactly(1L, 3L);
            assertThat(first.status()).isEqualTo(Status.OK);
            assertThat(first.errors()).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(Status.PARTIAL);
                assertThat(e.isWarning()).isTrue();
                assertThat(e.scope()).isEqualTo(Scope.FOLDER);
                assertThat(e.folder()).contains(FolderPath.INBOX);
                assertThat(e.message()).contains("1 expunged").contains("full scan");
            });
            assertThat(store.quirks(ACCOUNT)).containsExactly(ServerQuirk.UNRELIABLE_MODSEQ);
            assertThat(server.commands()).anyMatch(c -> c.matches("(?i)\\S+ UID FETCH 1:\\* \\(UID FLAGS MODSEQ\\)"));
            engine.close();

            SyncEngine later = engine(store, server);
            int before = server.commands().size();
            SyncResult second = sync(later);

            assertThat(second.errors()).isEmpty();
            assertThat(server.commands().subList(before, server.commands().size()))
                    .as("a later sync scans in full without being told again")
                    .anyMatch(c -> c.matches("(?i)\\S+ UID FETCH 1:\\* \\(UID FLAGS MODSEQ\\)"));
            later.close();
        }
    }

    private SyncEngine engine(SqliteMessageStore store, ScriptedImapServer server) {
        ImapSettings settings = ImapSettings.loopback(server.port(), "user", "secret");
        return new SyncEngine(
                EngineOptions.of(store, ImapProvider.factory(settings), Map.of(ACCOUNT, AccountSettings.DEFAULT)));
    }

    private static SyncResult sync(SyncEngine engine) {
        RecordingSyncListener listener = new RecordingSyncListener();
        engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), listener);
        SyncResult result = listener.awaitDone();
        listener.assertRules();
        return result;
    }

    /** INBOX as the last sync left it: UIDVALIDITY 1, UIDNEXT 4, HIGHESTMODSEQ 10, UIDs 1, 2 and 3. */
    private static long seedInboxWithUids123(SqliteMessageStore store) throws Exception {
        return store.write(tx -> {
            LocalFolder f = tx.addFolder(ACCOUNT, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE);
            for (long uid = 1; uid <= 3; uid++) {
                byte[] content = ("Message-ID: <m" + uid + "@scripted>\r\nSubject: " + uid + "\r\n\r\nbody\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                tx.insertMessage(
                        f.id(),
                        new NewMessage(
                                Optional.of(new RemoteRef(f.id(), Uid.of(uid))),
                                Optional.of("<m" + uid + "@scripted>"),
                                Instant.parse("2024-01-01T10:00:00Z"),
                                content.length,
                                Flags.NONE,
                                Optional.of(Flags.NONE),
                                Optional.of(ModSeq.of(uid)),
                                false,
                                RawMessage.of(content)));
            }
            tx.setSyncState(
                    f.id(), Optional.of(new FolderSyncState(UidValidity.of(1), Uid.of(4), Optional.of(ModSeq.of(10)))));
            return f.id();
        });
    }

    private static List<Long> uids(SqliteMessageStore store, long folder) throws Exception {
        return store.messages(folder).stream()
                .map(LocalMessage::remote)
                .flatMap(Optional::stream)
                .map(r -> r.uid().value())
                .sorted()
                .toList();
    }
}
