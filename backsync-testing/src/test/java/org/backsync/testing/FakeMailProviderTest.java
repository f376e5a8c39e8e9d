package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeMailProviderTest {
    private static final AccountId ACCOUNT = AccountId.of("fake");

    /** Runs the contract against a fake with the given capabilities. */
    abstract static class Contract implements MailProviderContract {
        final FakeMailServer server;

        Contract(FakeMailServer server) {
            this.server = server;
        }

        @Override
        public MailProvider.Factory providerFactory() {
            return server.factory();
        }

        @Override
        public void createFolderOnServer(FolderPath folder) {
            server.createFolder(folder);
        }

        @Override
        public Uid deliver(FolderPath folder, byte[] message, Flags flags) {
            return server.deliver(folder, message, flags);
        }

        @Override
        public void setFlagsOnServer(FolderPath folder, Uid uid, Flags flags) {
            server.setFlags(folder, uid, flags);
        }

        @Override
        public void expungeOnServer(FolderPath folder, Uid uid) {
            server.expunge(folder, uid);
        }

        @Override
        public List<Uid> uidsOnServer(FolderPath folder) {
            return server.uids(folder);
        }

        @Override
        public Flags flagsOnServer(FolderPath folder, Uid uid) {
            return server.flags(folder, uid);
        }

        @Override
        public void changeUidValidityOnServer(FolderPath folder) {
            server.changeUidValidity(folder);
        }
    }

    @Nested
    class WithEveryCapability extends Contract {
        WithEveryCapability() {
            super(new FakeMailServer());
        }
    }

    @Nested
    class WithoutExtensions extends Contract {
        WithoutExtensions() {
            super(new FakeMailServer(FakeMailServer.PLAIN));
        }
    }

    @Nested
    class WithCondstoreButNoQresync extends Contract {
        WithCondstoreButNoQresync() {
            super(new FakeMailServer(Set.of(org.backsync.spi.Capability.CONDSTORE)));
        }
    }

    private final FakeMailServer server = new FakeMailServer();
    private final FolderPath inbox = FolderPath.INBOX;

    @Test
    void unchangedFolderIsNeitherSelectedNorFetched() throws Exception {
        server.deliver(inbox, "Message-ID: <a@b>\r\n\r\nx\r\n");
        try (MailProvider testSubject = server.factory().open(ACCOUNT)) {
            FolderStatus known = testSubject.status(inbox);
            server.clearCommands();

            FolderChanges changes = testSubject.changes(inbox, Optional.of(known.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(server.commands()).extracting(RecordedCommand::name).containsExactly("STATUS");
        }
    }

    @Test
    void thirdAppendFailsWithTheScriptedStatusAndIsNotApplied() throws Exception {
        server.inject(FakeFault.on("APPEND").nth(3).fail(Status.BUSY));
        try (MailProvider testSubject = server.factory().open(ACCOUNT)) {
            append(testSubject);
            append(testSubject);

            assertThatThrownBy(() -> append(testSubject)).isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.BUSY);
                assertThat(e.scope()).isEqualTo(Scope.MESSAGE);
            });
            append(testSubject);
        }
        assertThat(server.uids(inbox)).hasSize(3);
    }

    @Test
    void droppedReplyLeavesTheCommandAppliedAndTheConnectionClosed() throws Exception {
        server.inject(FakeFault.on("APPEND").dropAfterReply());
        MailProvider testSubject = server.factory().open(ACCOUNT);

        assertThatThrownBy(() -> append(testSubject))
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.isTransient()).isTrue());

        assertThat(server.uids(inbox)).hasSize(1);
        assertThat(server.openConnections()).isZero();
        assertThatThrownBy(testSubject::listFolders)
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.END_OF_SESSION));
    }

    @Test
    void storeNamingAScriptedUidIsRefused() throws Exception {
        Uid seven = server.deliver(inbox, "a\r\n\r\nb\r\n");
        server.inject(FakeFault.on("STORE").onUid(seven).fail(Status.BUSY));
        try (MailProvider testSubject = server.factory().open(ACCOUNT)) {
            assertThatThrownBy(() -> testSubject.storeFlags(
                            inbox, Set.of(seven), Flags.of(Flags.SEEN), Flags.NONE, Optional.empty()))
                    .isInstanceOf(SyncException.class);
        }
        assertThat(server.flags(inbox, seven)).isEqualTo(Flags.NONE);
    }

    @Test
    void refusedLoginOpensNoConnection() {
        server.inject(FakeFault.on("LOGIN").fail(Status.LOGON_FAILED));

        assertThatThrownBy(() -> server.factory().open(ACCOUNT)).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
        });
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void selectOfAScriptedFolderFailsForThatFolderOnly() throws Exception {
        FolderPath junk = FolderPath.of("Junk");
        server.createFolder(junk);
        server.inject(FakeFault.on("SELECT").in(junk).fail(Status.NOT_FOUND));
        try (MailProvider testSubject = server.factory().open(ACCOUNT)) {
            assertThatThrownBy(() -> testSubject.changes(junk, Optional.empty()))
                    .isInstanceOfSatisfying(
                            SyncException.class, e -> assertThat(e.scope()).isEqualTo(Scope.FOLDER));
            assertThat(testSubject.changes(inbox, Optional.empty()).kind()).isEqualTo(FolderChanges.Kind.FULL);
        }
    }

    @Test
    void abortBreaksAStalledCommandWithCancelled() throws Exception {
        server.inject(FakeFault.on("LIST").stall());
        MailProvider testSubject = server.factory().open(ACCOUNT);
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return testSubject.listFolders();
            } catch (SyncException e) {
                return e.status();
            }
        });
        org.awaitility.Awaitility.await()
                .until(() -> server.commands().stream().anyMatch(c -> c.name().equals("LIST")));

        testSubject.abort();

        assertThat(blocked.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Status.CANCELLED);
    }

    @Test
    void downloadCommandsAreNeverMutations() throws Exception {
        Uid uid = server.deliver(inbox, "Message-ID: <m@x>\r\n\r\nbody\r\n");
        try (MailProvider testSubject = server.factory().open(ACCOUNT)) {
            server.clearCommands();

            testSubject.listFolders();
            testSubject.changes(inbox, Optional.empty());
            testSubject.fetch(inbox, List.of(uid), false, batch -> {});
            testSubject.fetchFlags(inbox, Set.of(uid));
        }
        assertThat(server.commands()).noneMatch(RecordedCommand::isMutation);
        assertThat(server.flags(inbox, uid)).isEqualTo(Flags.NONE);
    }

    private static void append(MailProvider p) throws SyncException {
        p.append(FolderPath.INBOX, RawMessage.of("a\r\n\r\nb\r\n".getBytes()), Flags.NONE, Instant.now());
    }
}
