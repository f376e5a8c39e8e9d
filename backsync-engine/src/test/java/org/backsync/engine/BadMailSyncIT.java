package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.BadMailCorpus;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ImapSnapshot;
import org.backsync.testing.ImapSnapshot.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: every {@link BadMailCorpus} message and a 50 MB one, delivered to Dovecot, reach the SQLite store through
 * the IMAP provider and the engine byte for byte: the store holds exactly the bytes Dovecot serves (read by {@link
 * ImapSnapshot}, which shares no code with backsync), compared by SHA-256.
 */
class BadMailSyncIT {
    private static final AccountId ACCOUNT = AccountId.of("badmail");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path dir;

    @Test
    void everyBadMessageIsStoredExactlyAsTheServerServesIt() throws Exception {
        List<String> refused = new ArrayList<>();
        for (BadMailCorpus.Sample s : BadMailCorpus.all()) {
            try {
                dovecot.save(FolderPath.INBOX, s.message().bytes(), Flags.NONE);
            } catch (IllegalStateException e) {
                refused.add(s.name()); // doveadm would not store it: nothing to sync
            }
        }
        BadMailCorpus.Sample large = BadMailCorpus.writeLarge(dir.resolve("large.eml"), BadMailCorpus.LARGE_SIZE);
        dovecot.save(FolderPath.INBOX, large.message().bytes(), Flags.NONE);

        SyncResult result;
        List<String> stored = new ArrayList<>();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store"));
                SyncEngine engine = new SyncEngine(EngineOptions.of(
                        store,
                        ImapProvider.factory(ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password())),
                        Map.of(ACCOUNT, AccountSettings.DEFAULT)))) {
            result = engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), SyncListener.NONE)
                    .result()
                    .get(180, TimeUnit.SECONDS);
            LocalFolder inbox = store.folder(ACCOUNT, FolderPath.INBOX).orElseThrow();
            for (LocalMessage m : store.messages(inbox.id())) {
                RawMessage content = store.content(m.localId()).orElseThrow();
                stored.add(BadMailCorpus.sha256(content));
            }
        }
        List<String> served =
                ImapSnapshot.take(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password()).stream()
                        .filter(m -> m.folder().equals(FolderPath.INBOX))
                        .map(ServerMessage::sha256)
                        .toList();

        assertThat(result.status()).as(result.errors().toString()).isEqualTo(Status.OK);
        assertThat(served).hasSize(BadMailCorpus.all().size() + 1 - refused.size());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(served);
        assertThat(stored).contains(large.sha256());
    }
}
