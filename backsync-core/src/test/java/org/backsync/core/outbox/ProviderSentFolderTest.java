package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeMailServer;
import org.junit.jupiter.api.Test;

class ProviderSentFolderTest {
    static final AccountId ACCOUNT = AccountId.of("me@example.org");
    static final FolderPath SENT = FolderPath.of("Gesendet");
    static final String MESSAGE = "From: me@example.org\r\nMessage-ID: <s1@example.org>\r\n\r\nbody\r\n";

    final FakeMailServer server = new FakeMailServer();
    final ProviderSentFolder testSubject =
            new ProviderSentFolder(ACCOUNT, server.factory(), Optional.empty(), false, InstantSource.system());

    @Test
    void theCopyGoesToTheSpecialUseSentFolderAsSeenAndIsFoundByMessageId() throws Exception {
        server.createFolder(FolderPath.of("INBOX"));
        server.createFolder(SENT, SpecialUse.SENT);
        assertThat(testSubject.contains("<s1@example.org>")).isFalse();

        testSubject.append("<s1@example.org>", RawMessage.of(MESSAGE.getBytes(StandardCharsets.US_ASCII)));

        assertThat(server.uids(SENT)).hasSize(1);
        assertThat(server.flags(SENT, server.uids(SENT).getFirst()).values()).contains(Flags.SEEN);
        assertThat(testSubject.contains("<s1@example.org>")).isTrue();
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void withoutASentFolderTheFailureSaysSo() {
        server.createFolder(FolderPath.of("INBOX"));

        SyncException e = catchThrowableOfType(SyncException.class, () -> testSubject.contains("<x@example.org>"));

        assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(e.getMessage()).contains("no Sent folder");
    }

    @Test
    void aDetectedServerCopyIsRemembered() {
        assertThat(testSubject.savesSentMail()).isFalse();

        testSubject.recordSavesSentMail();

        assertThat(testSubject.savesSentMail()).isTrue();
    }
}
