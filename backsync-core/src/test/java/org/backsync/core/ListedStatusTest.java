package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.Test;

/**
 * A LIST that brings each folder's STATUS (IMAP LIST-STATUS, {@link RemoteFolder#status()}) spares the STATUS flight
 * while the session has changed nothing on the server; after an upload the folders and their STATUS are read again
 * (B27: the download hierarchy's LIST comes after the uploads), so what the sync saves is never older than what it
 * wrote.
 */
class ListedStatusTest {
    private static final FolderPath WORK = FolderPath.of("Work");

    /** Lists with STATUS, as a server with LIST-STATUS answers, and records the STATUS calls made after it. */
    private static final class ListingStatus extends ForwardingMailProvider {
        private final List<String> calls;

        ListingStatus(MailProvider delegate, List<String> calls) {
            super(delegate);
            this.calls = calls;
        }

        @Override
        public List<RemoteFolder> listFolders() throws SyncException {
            calls.add("LIST");
            List<RemoteFolder> out = new ArrayList<>();
            for (RemoteFolder f : delegate.listFolders()) {
                FolderStatus s = delegate.status(f.path());
                out.add(new RemoteFolder(
                        f.path(), f.delimiter(), f.specialUse(), f.subscribed(), f.selectable(), Optional.of(s)));
            }
            return out;
        }

        @Override
        public FolderStatus status(FolderPath folder) throws SyncException {
            calls.add("STATUS");
            return delegate.status(folder);
        }

        @Override
        public Set<Uid> storeFlags(
                FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
                throws SyncException {
            calls.add("STORE");
            return delegate.storeFlags(folder, uids, add, remove, unchangedSince);
        }

        @Override
        public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
            calls.add("STATUS");
            return delegate.statuses(folders);
        }
    }

    private final FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
    private final List<String> calls = new ArrayList<>();

    @Test
    void resyncThatChangesNothingUsesTheListedStatusAndSendsNoStatus() throws Exception {
        server.createFolder(WORK);
        server.deliver(WORK, MailSamples.plain("<w1@listed>", "one"), Flags.NONE);
        try (EngineFixture testSubject = fixture()) {
            testSubject.syncAll();
            server.deliver(WORK, MailSamples.plain("<w2@listed>", "two"), Flags.NONE);
            calls.clear();

            SyncResult r = testSubject.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.counts().downloaded())
                    .as("the new message, found through the listed STATUS")
                    .isEqualTo(1);
            assertThat(calls).containsExactly("LIST");
        }
    }

    @Test
    void afterAnUploadTheStatusIsReadAgain() throws Exception {
        server.createFolder(WORK);
        server.deliver(WORK, MailSamples.plain("<w1@listed>", "one"), Flags.NONE);
        try (EngineFixture testSubject = fixture()) {
            testSubject.syncAll();
            LocalFolder work =
                    testSubject.store.folder(EngineFixture.ALICE, WORK).orElseThrow();
            LocalMessage m = testSubject.store.messages(work.id()).getFirst();
            testSubject.store.write(tx -> {
                tx.setFlags(m.localId(), Flags.of(Flags.FLAGGED));
                return null;
            });
            calls.clear();

            SyncResult r = testSubject.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.errors()).as("no audit mismatch").isEmpty();
            assertThat(calls).contains("STORE");
            assertThat(calls.subList(calls.lastIndexOf("STORE"), calls.size()))
                    .as("the folders' STATUS read again after the write (a new LIST-STATUS or STATUS)")
                    .containsAnyOf("LIST", "STATUS");
        }
    }

    private EngineFixture fixture() {
        MailProvider.Factory listing =
                account -> new ListingStatus(server.factory().open(account), calls);
        return new EngineFixture(
                new InMemoryMessageStore(),
                server,
                listing,
                Phases.standard(),
                AccountSettings.DEFAULT,
                StepProbe.NONE);
    }
}
