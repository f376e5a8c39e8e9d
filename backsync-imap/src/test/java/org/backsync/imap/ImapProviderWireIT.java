package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultPlan;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the provider puts on the wire against Dovecot, recorded by a loopback proxy, and how it fails there. */
class ImapProviderWireIT {
    private static final Set<String> READ_COMMANDS = Set.of(
            "CAPABILITY",
            "AUTHENTICATE",
            "LOGIN",
            "ENABLE",
            "NAMESPACE",
            "LIST",
            "LSUB",
            "STATUS",
            "EXAMINE",
            "UID FETCH",
            "UID SEARCH",
            "NOOP",
            "UNSELECT", // RFC 3691: leaves the mailbox without expunging
            "LOGOUT");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private final List<FaultProxy> proxies = new ArrayList<>();

    @AfterEach
    void closeProxies() {
        proxies.forEach(FaultProxy::close);
    }

    @Test
    void resyncOfAnUnchangedFolderSendsNoSelectAndNoFetch() throws Exception {
        FolderPath folder = folder("Quiet");
        dovecot.save(folder, MailSamples.plain("<quiet@x>", "quiet"), Flags.NONE);
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            FolderStatus known = testSubject.status(folder);
            proxy.clearRecording();

            FolderChanges changes = testSubject.changes(folder, Optional.of(known.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(proxy.imapCommands()).containsExactly("STATUS");
        }
    }

    @Test
    void qresyncResyncExaminesWithKnownStateAndReportsVanished() throws Exception {
        FolderPath folder = folder("Qresync");
        Uid gone = dovecot.save(folder, MailSamples.plain("<q1@x>", "one"), Flags.NONE);
        Uid flagged = dovecot.save(folder, MailSamples.plain("<q2@x>", "two"), Flags.NONE);
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            FolderStatus known = testSubject.status(folder);
            dovecot.expunge(folder, gone);
            dovecot.addFlags(folder, flagged, Flags.of(Flags.FLAGGED));
            proxy.clearRecording();

            FolderChanges changes = testSubject.changes(folder, Optional.of(known.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.INCREMENTAL);
            assertThat(changes.vanished()).containsExactly(gone);
            assertThat(changes.messages()).singleElement().satisfies(m -> {
                assertThat(m.uid()).isEqualTo(flagged);
                assertThat(m.flags()).isEqualTo(Flags.of(Flags.FLAGGED));
            });
            assertThat(proxy.clientLines())
                    .anyMatch(l -> l.contains("EXAMINE")
                            && l.contains("(QRESYNC (" + known.uidValidity().value()));
            assertThat(proxy.imapCommands()).doesNotContain("SELECT", "UID FETCH");
        }
    }

    @Test
    void downloadCommandsAreReadOnly() throws Exception {
        FolderPath folder = folder("ReadOnly");
        Uid uid = dovecot.save(folder, MailSamples.plain("<ro@x>", "ro"), Flags.NONE);
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            testSubject.listFolders();
            FolderChanges changes = testSubject.changes(folder, Optional.empty());
            testSubject.fetch(folder, List.of(uid), false, batch -> {});
            testSubject.fetch(folder, List.of(uid), true, batch -> {});
            testSubject.fetchFlags(folder, Set.of(uid));
            testSubject.searchHeader(folder, "Message-ID", "<ro@x>", Uid.of(1));
            testSubject.changes(folder, Optional.of(changes.status().toSyncState()));
        }
        assertThat(proxy.imapCommands()).isSubsetOf(READ_COMMANDS);
        assertThat(dovecot.flags(folder, uid)).isEqualTo(Flags.NONE);
    }

    @Test
    void changesWithTheStatusJustTakenSendNothingForAnUnchangedFolder() throws Exception {
        FolderPath folder = folder("Reused");
        dovecot.save(folder, MailSamples.plain("<reused@x>", "reused"), Flags.NONE);
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            FolderStatus known = testSubject.status(folder);
            proxy.clearRecording();

            FolderStatus justTaken = testSubject.statuses(List.of(folder)).get(folder);
            FolderChanges changes =
                    testSubject.changes(folder, Optional.of(known.toSyncState()), Optional.of(justTaken));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(proxy.imapCommands()).containsExactly("STATUS");
        }
    }

    @Test
    void statusesOfManyFoldersGoOutWithoutWaitingForAnswers() throws Exception {
        List<FolderPath> folders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            folders.add(folder("Piped" + i));
        }
        FaultProxy proxy = proxy();
        proxy.defaultPlan(
                FaultPlan.stall(FaultPlan.Direction.SERVER_TO_CLIENT, 0).afterClientLine("STATUS"));
        MailProvider testSubject = open(proxy, settings(proxy).withReadTimeout(Duration.ofSeconds(30)));
        CompletableFuture<Status> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                testSubject.statuses(folders);
                return Status.OK;
            } catch (SyncException e) {
                return e.status();
            }
        });

        // the server's answers are held back: only a pipelining client sends the second STATUS and the rest
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        proxy.imapCommands().stream().filter("STATUS"::equals).count() == folders.size());

        testSubject.abort();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(Status.CANCELLED);
        testSubject.close();
    }

    @Test
    void pipelinedStatusesEqualSingleOnesAndLeaveOutAMissingFolder() throws Exception {
        FolderPath a = folder("PipeA");
        FolderPath b = folder("PipeB");
        dovecot.save(b, MailSamples.plain("<pipe@x>", "pipe"), Flags.NONE);
        FolderPath missing = FolderPath.of("PipeMissing");
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            proxy.clearRecording();

            var statuses = testSubject.statuses(List.of(a, missing, FolderPath.INBOX, b));

            assertThat(proxy.imapCommands()).containsOnly("STATUS").hasSize(4);
            assertThat(statuses.keySet()).containsExactly(a, FolderPath.INBOX, b);
            assertThat(statuses.get(b)).isEqualTo(testSubject.status(b));
            assertThat(statuses.get(a)).isEqualTo(testSubject.status(a));
        }
    }

    @Test
    void twentyMegabyteMessageArrivesByteForByteAndStaysUnseen() throws Exception {
        FolderPath folder = folder("Large");
        byte[] message = MailSamples.large("<large@x>", 20 * 1024 * 1024);
        Uid uid = dovecot.save(folder, message, Flags.NONE);
        FaultProxy proxy = proxy();
        List<FetchedMessage> fetched = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            testSubject.fetch(folder, List.of(uid), false, batch -> {
                fetched.addAll(batch);
                for (FetchedMessage f : batch) { // a spooled content is valid until the sink returns (BatchSink)
                    try {
                        digests.add(sha256(f.content().bytes()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        assertThat(fetched)
                .singleElement()
                .satisfies(f -> assertThat(f.meta().size()).isEqualTo(message.length));
        assertThat(digests).containsExactly(sha256(message));
        assertThat(dovecot.flags(folder, uid).contains(Flags.SEEN)).isFalse();
    }

    @Test
    void abortFromAnotherThreadBreaksAStalledFetchWithCancelled() throws Exception {
        FolderPath folder = folder("Stalled");
        Uid uid = dovecot.save(folder, MailSamples.plain("<stall@x>", "stall"), Flags.NONE);
        FaultProxy proxy = proxy();
        proxy.defaultPlan(
                FaultPlan.stall(FaultPlan.Direction.SERVER_TO_CLIENT, 0).afterClientLine("BODY\\.PEEK\\[\\]"));
        MailProvider testSubject = open(proxy, settings(proxy).withReadTimeout(Duration.ofSeconds(30)));
        CompletableFuture<Status> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                testSubject.fetch(folder, List.of(uid), false, batch -> {});
                return Status.OK;
            } catch (SyncException e) {
                return e.status();
            }
        });
        Awaitility.await().until(() -> proxy.clientLines().stream().anyMatch(l -> l.contains("BODY.PEEK[]")));

        testSubject.abort();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(Status.CANCELLED);
        testSubject.close();
    }

    @Test
    void silentServerTimesOutWithTimeout() throws Exception {
        FolderPath folder = folder("Silent");
        FaultProxy proxy = proxy();
        proxy.defaultPlan(
                FaultPlan.stall(FaultPlan.Direction.SERVER_TO_CLIENT, 0).afterClientLine("STATUS"));
        try (MailProvider testSubject = open(proxy, settings(proxy).withReadTimeout(Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> testSubject.status(folder)).isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.TIMEOUT);
                assertThat(e.isTransient()).isTrue();
            });
        }
    }

    @Test
    void connectionCutMidFetchIsATransientFailure() throws Exception {
        FolderPath folder = folder("Cut");
        Uid uid = dovecot.save(folder, MailSamples.large("<cut@x>", 200_000), Flags.NONE);
        FaultProxy proxy = proxy();
        proxy.defaultPlan(
                FaultPlan.cut(FaultPlan.Direction.SERVER_TO_CLIENT, 5_000).afterClientLine("BODY\\.PEEK\\[\\]"));
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            assertThatThrownBy(() -> testSubject.fetch(folder, List.of(uid), false, batch -> {}))
                    .isInstanceOfSatisfying(
                            SyncException.class,
                            e -> assertThat(e.isTransient())
                                    .as("status %s", e.status())
                                    .isTrue());
        }
    }

    @Test
    void fullScanOfSparseUidsNeedsABoundedNumberOfCommands() throws Exception {
        FolderPath folder = folder("Sparse");
        dovecot.doveadm("mailbox", "update", "--min-next-uid", "50000000", "-u", dovecot.user(), "Sparse");
        Uid uid = dovecot.save(folder, MailSamples.plain("<sparse@x>", "sparse"), Flags.NONE);
        FaultProxy proxy = proxy();
        try (MailProvider testSubject = open(proxy, settings(proxy))) {
            proxy.clearRecording();

            FolderChanges changes = testSubject.changes(folder, Optional.empty());

            assertThat(uid.value()).isGreaterThanOrEqualTo(50_000_000);
            assertThat(changes.messages()).extracting(m -> m.uid()).containsExactly(uid);
            assertThat(proxy.imapCommands().stream().filter("UID FETCH"::equals).count())
                    .isLessThanOrEqualTo(ImapChanges.MAX_RANGES + 2);
        }
    }

    @Test
    void wrongPasswordIsLogonFailed() {
        ImapSettings wrong = ImapSettings.loopback(dovecot.port(), dovecot.user(), "not-the-password");

        assertThatThrownBy(() -> ImapProvider.open(wrong)).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(e.getMessage()).doesNotContain("not-the-password");
        });
    }

    private static FolderPath folder(String name) {
        FolderPath folder = FolderPath.of(name);
        dovecot.createMailbox(folder);
        return folder;
    }

    private FaultProxy proxy() {
        FaultProxy proxy = FaultProxy.to(dovecot.port());
        proxies.add(proxy);
        return proxy;
    }

    private static ImapSettings settings(FaultProxy proxy) {
        return ImapSettings.loopback(proxy.port(), dovecot.user(), dovecot.password());
    }

    private static MailProvider open(FaultProxy proxy, ImapSettings settings) throws SyncException {
        return ImapProvider.factory(settings).open(AccountId.of("wire"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
