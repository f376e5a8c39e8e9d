package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.spi.BatchSink;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.Test;

/**
 * A batch that holds UIDs the folder already maps beside new ones (a chunk fetched again after a lost connection, a
 * server that repeats a message) stores each message once: {@link NewMessages} checks the batch against the store.
 */
class RepeatedFetchTest {
    private static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");
    private static final FolderPath BIG = FolderPath.of("Big");
    private static final int MESSAGES = NewMessages.BATCH * 2 + 15;

    /** Hands each batch with the last three messages of the batch before it in front and its first one again last. */
    private static final class Repeating extends ForwardingMailProvider {
        private final List<FetchedMessage> before = new ArrayList<>();

        Repeating(MailProvider delegate) {
            super(delegate);
        }

        @Override
        public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
            delegate.fetch(folder, uids, headersOnly, batch -> {
                List<FetchedMessage> mixed =
                        new ArrayList<>(before.subList(Math.max(0, before.size() - 3), before.size()));
                mixed.addAll(batch);
                mixed.add(batch.getFirst());
                sink.accept(mixed);
                before.clear();
                before.addAll(batch);
            });
        }
    }

    @Test
    void aBatchMixingMappedAndNewUidsStoresEveryMessageOnce() throws Exception {
        FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
        server.createFolder(BIG);
        for (int i = 1; i <= MESSAGES; i++) {
            server.deliver(BIG, MailSamples.plain("<m" + i + "@big>", "s" + i), Flags.NONE, DATE);
        }
        MailProvider.Factory repeating =
                account -> new Repeating(server.factory().open(account));
        try (EngineFixture testSubject = new EngineFixture(
                new InMemoryMessageStore(),
                server,
                repeating,
                Phases.standard(),
                AccountSettings.DEFAULT,
                StepProbe.NONE)) {

            SyncResult r = testSubject.syncAll();

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.counts().downloaded()).isEqualTo(MESSAGES);
            LocalFolder big = testSubject.store.folders(EngineFixture.ALICE).stream()
                    .filter(f -> f.path().equals(BIG))
                    .findFirst()
                    .orElseThrow();
            List<LocalMessage> stored = testSubject.store.messages(big.id());
            assertThat(stored).hasSize(MESSAGES);
            assertThat(stored.stream()
                            .map(LocalMessage::messageId)
                            .flatMap(Optional::stream)
                            .distinct())
                    .hasSize(MESSAGES);
        }
    }
}
