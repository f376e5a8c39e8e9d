package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.SendReceiveGroup;
import org.backsync.engine.config.ServerConfig;
import org.backsync.spi.LocalFolder;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring: config to SQLite store, core and connections, against the fake server. */
class EngineTest {
    private static final AccountId WORK = AccountId.of("work");
    private final FakeMailServer server = new FakeMailServer();

    @TempDir
    Path data;

    private EngineConfig config(Secret secret, FolderFilter folders) {
        ServerConfig imap = new ServerConfig("127.0.0.1", 143, Security.NONE, "me", secret, Optional.empty());
        AccountConfig work = new AccountConfig(
                WORK, "me@localhost", imap, Optional.empty(), folders, FolderFilter.NONE, List.of(), false, 2);
        return new EngineConfig(
                data,
                Map.of(WORK, work),
                List.of(new SendReceiveGroup(
                        "all", List.of(WORK), org.backsync.SyncKind.DIRECTIONS, Duration.ofMinutes(5))),
                EngineConfig.Limits.DEFAULT,
                EngineConfig.Push.DEFAULT);
    }

    private Engine engine(EngineConfig config) throws Exception {
        return Backsync.newEngine(
                config,
                new SecretSource(Map.of("PW", "secret")),
                (account, secret) -> server.factory().open(account.id()));
    }

    @Test
    void aFullSyncStoresTheServersMessagesInTheSqliteStoreAndSkipsExcludedFolders() throws Exception {
        server.createFolder(FolderPath.of("Junk"));
        server.deliver(FolderPath.INBOX, "Subject: one\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n");
        server.deliver(FolderPath.INBOX, "Subject: two\r\nMessage-ID: <2@x>\r\n\r\nbody\r\n");
        server.deliver(FolderPath.of("Junk"), "Subject: spam\r\nMessage-ID: <3@x>\r\n\r\nbuy\r\n");
        RecordingSyncListener listener = new RecordingSyncListener();

        try (Engine testSubject =
                engine(config(new Secret.PasswordEnv("PW"), new FolderFilter(List.of("*"), List.of("Junk"))))) {
            testSubject.synchronizeInBackground(SyncRequest.all(WORK), listener);
            SyncResult result = listener.awaitDone();

            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(testSubject.store().folders(WORK))
                    .extracting(LocalFolder::path)
                    .containsExactly(FolderPath.INBOX);
            LocalFolder inbox =
                    testSubject.store().folder(WORK, FolderPath.INBOX).orElseThrow();
            assertThat(testSubject.store().messages(inbox.id())).hasSize(2);
            assertThat(testSubject.board().snapshot().accounts()).hasSize(1);
        }
        listener.assertRules();
    }

    @Test
    void aMessageSubmittedForAnAccountWithoutSmtpWaitsInTheOutboxWithTheReason() throws Exception {
        byte[] mail = "From: me@localhost\r\nTo: you@example.com\r\nSubject: hi\r\n\r\nhello\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        try (Engine testSubject = engine(config(new Secret.PasswordEnv("PW"), FolderFilter.ALL))) {
            OutboxId id = testSubject.outbox().submit(WORK, RawMessage.of(mail));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                OutboxEntry e = testSubject.outbox().entry(id);
                assertThat(e.state()).isIn(OutboxState.QUEUED, OutboxState.HELD);
                assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("no [smtp] settings"));
            });
            assertThat(testSubject.board().snapshot().outbox()).hasSize(1);
        }
    }

    @Test
    void aPasswordCommandThatFailsEndsTheSyncWithLogonFailedBeforeAnyConnection() throws Exception {
        RecordingSyncListener listener = new RecordingSyncListener();

        try (Engine testSubject = engine(config(new Secret.PasswordCommand(List.of("exit 1")), FolderFilter.ALL))) {
            testSubject.synchronizeInBackground(SyncRequest.all(WORK), listener);
            SyncResult result = listener.awaitDone();

            assertThat(result.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(result.errors())
                    .extracting(e -> e.message())
                    .anyMatch(m -> m.contains("password_command exited with status 1"));
            assertThat(server.openConnections()).isZero();
        }
    }
}
