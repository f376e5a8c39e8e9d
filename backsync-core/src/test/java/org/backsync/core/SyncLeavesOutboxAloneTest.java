package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.junit.jupiter.api.Test;

/** B49/R15 from the sync's side: the Outbox's open intents are the transport's business, never a sync's. */
class SyncLeavesOutboxAloneTest {
    @Test
    void aSyncLeavesTheOutboxsSendAndSentCopyIntentsOpenAndUntouched() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.server.createFolder(FolderPath.of("INBOX"));
            fixture.store.write(tx -> {
                tx.ensureAccount(EngineFixture.ALICE);
                tx.openIntent(
                        IntentSpec.of(EngineFixture.ALICE, IntentKind.SMTP_SEND)
                                .withOutbox(7)
                                .withIdentity(Optional.of("<o@example.org>"), Optional.empty()),
                        Instant.EPOCH);
                tx.openIntent(
                        IntentSpec.of(EngineFixture.ALICE, IntentKind.APPEND)
                                .withOutbox(7)
                                .withIdentity(Optional.of("<o@example.org>"), Optional.empty()),
                        Instant.EPOCH);
                return null;
            });

            SyncResult result = fixture.syncAll();

            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(fixture.store.openIntents(EngineFixture.ALICE))
                    .extracting(Intent::kind)
                    .containsExactly(IntentKind.SMTP_SEND, IntentKind.APPEND);
            assertThat(fixture.server.commands()).noneMatch(c -> c.name().equals("APPEND"));
        }
    }
}
