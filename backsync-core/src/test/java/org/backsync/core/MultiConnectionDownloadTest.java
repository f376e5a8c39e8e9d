package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncHandle;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.testing.FakeFault;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordedCommand;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;

/** Issue 5: the download of new messages over several connections ({@link FetchWorkers}) keeps every contract rule. */
class MultiConnectionDownloadTest {
    private static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");
    private static final AccountSettings TWO = new AccountSettings(false, 0, folder -> false, 2);
    private static final int MESSAGES = NewMessages.BATCH * 5 + 7;

    private static EngineFixture fixture(AccountSettings settings) {
        return new EngineFixture(
                new InMemoryMessageStore(),
                new FakeMailServer(FakeMailServer.ALL),
                Phases.standard(),
                settings,
                StepProbe.NONE);
    }

    private static void deliver(EngineFixture f, FolderPath folder, int count) {
        f.server.createFolder(folder);
        for (int i = 1; i <= count; i++) {
            f.server.deliver(folder, MailSamples.plain("<m" + i + "@" + folder + ">", "s" + i), Flags.NONE, DATE);
        }
    }

    private static Set<String> localIds(EngineFixture f, FolderPath path) throws Exception {
        LocalFolder folder = f.store.folders(EngineFixture.ALICE).stream()
                .filter(x -> x.path().equals(path))
                .findFirst()
                .orElseThrow();
        return f.store.messages(folder.id()).stream()
                .map(LocalMessage::messageId)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    private static Set<Integer> fetchingConnections(EngineFixture f) {
        return f.server.commands().stream()
                .filter(c -> c.name().equals("FETCH") && c.args().contains("BODY.PEEK[]"))
                .map(RecordedCommand::connection)
                .collect(Collectors.toSet());
    }

    @Test
    void anInitialSyncWithTwoConnectionsFetchesOnBothAndStoresEveryMessageOnce() throws Exception {
        try (EngineFixture f = fixture(TWO)) {
            deliver(f, FolderPath.of("Big"), MESSAGES);
            RecordingSyncListener listener = f.listener();

            f.start(SyncRequest.all(EngineFixture.ALICE), listener);
            SyncResult r = listener.awaitDone();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.counts().downloaded()).isEqualTo(MESSAGES);
            assertThat(localIds(f, FolderPath.of("Big"))).hasSize(MESSAGES);
            assertThat(fetchingConnections(f)).hasSize(2);
            assertThat(f.server.openConnections()).isZero();
            listener.assertRules();
        }
    }

    @Test
    void progressOfTheParallelDownloadIsMonotoneAndItsTotalIsKnownUpFront() throws Exception {
        try (EngineFixture f = fixture(TWO)) {
            deliver(f, FolderPath.of("Big"), MESSAGES);
            RecordingSyncListener listener = f.listener();

            f.start(SyncRequest.all(EngineFixture.ALICE), listener);
            listener.awaitDone();

            List<Progress> download = listener.progress(Phase.DOWNLOAD_CONTENTS);
            assertThat(download).isNotEmpty();
            assertThat(download.getLast().index()).isEqualTo(download.getLast().max());
            long lastIndex = 0;
            for (Progress p : download.subList(1, download.size())) {
                assertThat(p.max()).as("max known before the first message").isGreaterThanOrEqualTo(MESSAGES);
                assertThat(p.index()).isGreaterThanOrEqualTo(lastIndex);
                lastIndex = p.index();
            }
        }
    }

    @Test
    void aFolderFailureOnOneConnectionLeavesTheFolderForTheNextSyncWhichCompletesIt() throws Exception {
        try (EngineFixture f = fixture(TWO)) {
            FolderPath big = FolderPath.of("Big");
            deliver(f, big, MESSAGES);
            f.server.inject(FakeFault.on("FETCH").in(big).nth(2).fail(Status.BUSY, Scope.FOLDER));

            SyncResult first = f.syncAll();
            SyncResult second = f.syncAll();

            assertThat(first.status()).isEqualTo(Status.PARTIAL);
            assertThat(second.status()).isEqualTo(Status.OK);
            assertThat(localIds(f, big)).hasSize(MESSAGES);
        }
    }

    @Test
    void aLostFetchConnectionHandsItsChunkBackAndTheSyncStillCompletes() throws Exception {
        try (EngineFixture f = fixture(TWO)) {
            FolderPath big = FolderPath.of("Big");
            deliver(f, big, MESSAGES);
            f.server.inject(FakeFault.on("FETCH").in(big).nth(3).fail(Status.NETWORK_ERROR, Scope.ACCOUNT));

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(localIds(f, big)).hasSize(MESSAGES);
            assertThat(f.server.openConnections()).isZero();
        }
    }

    @Test
    void cancelDuringAParallelDownloadEndsPromptlyWithCancelledAndClosesEveryConnection() throws Exception {
        try (EngineFixture f = fixture(TWO)) {
            FolderPath big = FolderPath.of("Big");
            deliver(f, big, MESSAGES);
            f.server.inject(FakeFault.on("FETCH").in(big).nth(2).stall());
            RecordingSyncListener listener = f.listener();

            SyncHandle handle = f.start(SyncRequest.all(EngineFixture.ALICE), listener);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> f.server.commands().stream()
                                    .filter(c -> c.name().equals("FETCH"))
                                    .count()
                            >= 2);
            handle.cancel();
            SyncResult r = listener.awaitDone();

            assertThat(r.status()).isEqualTo(Status.CANCELLED);
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> f.server.openConnections() == 0);
            listener.assertRules();
        }
    }

    @Test
    void withOneConnectionAllowedTheDownloadStaysOnTheSessionsConnection() throws Exception {
        try (EngineFixture f = fixture(AccountSettings.DEFAULT)) {
            deliver(f, FolderPath.of("Big"), MESSAGES);

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(fetchingConnections(f)).hasSize(1);
        }
    }
}
