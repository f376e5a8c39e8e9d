package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ImapProvider#isReusable()} against Dovecot: when a connection may serve a later sync (ADR 0010), and what a
 * reused connection does not do.
 */
class ImapProviderReuseIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private final FaultProxy proxy = FaultProxy.to(dovecot.port());

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void connectionIsReusableAfterCommandsAndAfterAFolderRefusal() throws Exception {
        try (MailProvider testSubject = open()) {
            testSubject.listFolders();
            testSubject.statuses(List.of(FolderPath.INBOX));
            assertThatThrownBy(() -> testSubject.status(FolderPath.of("Missing")))
                    .isInstanceOfSatisfying(
                            SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));

            assertThat(testSubject.isReusable()).isTrue();
        }
    }

    @Test
    void connectionTheServerKickedWhileIdleIsNotReusable() throws Exception {
        try (MailProvider testSubject = open()) {
            testSubject.listFolders();

            dovecot.doveadm("kick", dovecot.user());

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !testSubject.isReusable());
        }
    }

    @Test
    void connectionClosedUnderneathWithoutByeIsNotReusable() throws Exception {
        try (MailProvider testSubject = open()) {
            testSubject.listFolders();

            proxy.cutAll();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !testSubject.isReusable());
        }
    }

    @Test
    void keepAliveOnALiveConnectionLeavesItReusable() throws Exception {
        try (MailProvider testSubject = open()) {
            testSubject.listFolders();

            testSubject.keepAlive();

            assertThat(testSubject.isReusable()).isTrue();
            assertThat(testSubject.listFolders()).isNotEmpty();
        }
    }

    @Test
    void keepAliveOnAConnectionTheNetworkDroppedFailsWithATransientStatus() throws Exception {
        try (MailProvider testSubject = open()) {
            testSubject.listFolders();

            proxy.cutAll();

            assertThatThrownBy(testSubject::keepAlive)
                    .isInstanceOfSatisfying(
                            SyncException.class,
                            e -> assertThat(e.isTransient())
                                    .as(e.status().toString())
                                    .isTrue());
            assertThat(testSubject.isReusable()).isFalse();
        }
    }

    @Test
    void abortedOrClosedConnectionIsNotReusable() throws Exception {
        MailProvider aborted = open();
        MailProvider closed = open();

        aborted.abort();
        closed.close();

        assertThat(aborted.isReusable()).isFalse();
        assertThat(closed.isReusable()).isFalse();
    }

    @Test
    void connectionWhoseCallLostTheServerIsNotReusableEvenOnceTheSocketLooksQuiet() throws Exception {
        try (MailProvider testSubject = open()) {
            proxy.cutAll();

            assertThatThrownBy(testSubject::listFolders).isInstanceOf(SyncException.class);

            assertThat(testSubject.isReusable()).isFalse();
        }
    }

    @Test
    void reusedConnectionLeftInAWritableMailboxExpungesNothingItWasNotAskedTo() throws Exception {
        FolderPath folder = FolderPath.of("Writable");
        dovecot.createMailbox(folder);
        Uid ours = dovecot.save(folder, MailSamples.plain("<ours@reuse>", "ours"), Flags.NONE);
        Uid theirs = dovecot.save(folder, MailSamples.plain("<theirs@reuse>", "theirs"), Flags.NONE);
        try (MailProvider testSubject = open()) {
            testSubject.storeFlags(folder, Set.of(ours), Flags.of(Flags.SEEN), Flags.NONE, Optional.empty());
            dovecot.addFlags(folder, theirs, Flags.of(Flags.DELETED)); // another client's, not for us to expunge
            assertThat(testSubject.isReusable()).isTrue();

            testSubject.listFolders(); // the next sync on the same connection
            testSubject.statuses(List.of(folder, FolderPath.INBOX));
            testSubject.status(FolderPath.INBOX);
        }

        assertThat(dovecot.uids(folder)).containsExactly(ours, theirs);
        assertThat(proxy.imapCommands()).doesNotContain("CLOSE", "EXPUNGE", "UID EXPUNGE");
    }

    @Test
    void statusOfTheMailboxAnEarlierSyncLeftSelectedShowsWhatOthersChangedSince() throws Exception {
        FolderPath folder = FolderPath.of("Selected");
        dovecot.createMailbox(folder);
        Uid first = dovecot.save(folder, MailSamples.plain("<s1@reuse>", "one"), Flags.NONE);
        try (MailProvider testSubject = open()) {
            testSubject.fetch(folder, List.of(first), true, batch -> {}); // leaves the folder selected
            dovecot.save(folder, MailSamples.plain("<s2@reuse>", "two"), Flags.NONE); // another client
            dovecot.expunge(folder, first);
            dovecot.save(folder, MailSamples.plain("<s3@reuse>", "three"), Flags.NONE);

            FolderStatus listed = testSubject.listFolders().stream()
                    .filter(f -> f.path().equals(folder))
                    .findFirst()
                    .orElseThrow()
                    .status()
                    .orElseThrow();
            testSubject.fetch(folder, List.of(first), true, batch -> {}); // selected again
            FolderStatus piped =
                    testSubject.statuses(List.of(FolderPath.INBOX, folder)).get(folder);
            testSubject.fetch(folder, List.of(first), true, batch -> {});
            FolderStatus single = testSubject.status(folder);

            assertThat(List.of(listed, piped, single)).allSatisfy(s -> {
                assertThat(s.messages()).isEqualTo(2);
                assertThat(s.uidNext().value()).isEqualTo(first.value() + 3);
            });
        }
    }

    private MailProvider open() throws SyncException {
        return ImapProvider.open(ImapSettings.loopback(proxy.port(), dovecot.user(), dovecot.password()));
    }
}
