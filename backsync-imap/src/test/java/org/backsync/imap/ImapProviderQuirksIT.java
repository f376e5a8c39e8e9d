package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.ImapQuirk;
import org.backsync.testing.ScriptedImapServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10: server replies that break the rules (one {@link ImapQuirk} transcript each) become a clear {@link
 * SyncException} with a status and a scope; nothing hangs (every read has a 2 s timeout here) and no other exception
 * escapes the provider.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImapProviderQuirksIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration NO_HANG = READ_TIMEOUT.multipliedBy(4);

    private static ImapSettings settings(ScriptedImapServer server) {
        return ScriptedSettings.of(server, "quirk-password");
    }

    /** Runs {@code call} against a fresh provider; returns what it threw (null if nothing) and checks the time. */
    private static Throwable outcome(ImapQuirk quirk, ProviderCall call) {
        try (ScriptedImapServer server = quirk.start()) {
            long start = System.nanoTime();
            Throwable t = catchThrowable(() -> {
                try (MailProvider p = ImapProvider.open(settings(server))) {
                    call.run(p);
                }
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("no hang")
                    .isLessThan(NO_HANG);
            if (t != null) {
                assertThat(t).as("only SyncException leaves the provider").isInstanceOf(SyncException.class);
                assertThat(t.getMessage()).isNotBlank().doesNotContain("quirk-password");
            }
            return t;
        }
    }

    @FunctionalInterface
    private interface ProviderCall {
        void run(MailProvider p) throws Exception;
    }

    private static List<FetchedMessage> fetchInbox(MailProvider p) throws SyncException {
        List<FetchedMessage> got = new ArrayList<>();
        p.fetch(FolderPath.INBOX, List.of(Uid.of(1)), false, got::addAll);
        return got;
    }

    @Test
    void aLiteralShorterThanAnnouncedEndsInATimeoutNotAHang() {
        List<FetchedMessage> got = new ArrayList<>();

        Throwable t = outcome(ImapQuirk.BAD_LITERAL_SIZE, p -> got.addAll(fetchInbox(p)));

        assertThat(t).isInstanceOf(SyncException.class);
        assertThat(((SyncException) t).status()).isIn(Status.TIMEOUT, Status.NETWORK_ERROR, Status.END_OF_SESSION);
        assertThat(got)
                .as("a partial literal is never handed over as a message")
                .isEmpty();
    }

    @Test
    void aLiteralSizeThatIsNotANumberIsAFailureWithAStatus() {
        Throwable t = outcome(ImapQuirk.BAD_LITERAL_SYNTAX, ImapProviderQuirksIT::fetchInbox);

        assertThat(t).isInstanceOf(SyncException.class);
        assertThat(((SyncException) t).status().isFailure()).isTrue();
    }

    @Test
    void anUnknownFetchItemIsSkippedOrReportedNeverACrash() {
        List<FetchedMessage> got = new ArrayList<>();

        Throwable t = outcome(ImapQuirk.UNKNOWN_FETCH_ITEM, p -> got.addAll(fetchInbox(p)));

        if (t == null) {
            assertThat(got)
                    .singleElement()
                    .satisfies(m -> assertThat(new String(m.content().bytes(), StandardCharsets.US_ASCII))
                            .startsWith("Subject: hi\r\n")
                            .hasSize(48));
        } else {
            assertThat(((SyncException) t).status().isFailure()).isTrue();
        }
    }

    @Test
    void byeInTheMiddleOfACommandIsEndOfSessionAndTransient() {
        Throwable t = outcome(ImapQuirk.BYE_MID_COMMAND, ImapProviderQuirksIT::fetchInbox);

        assertThat(t).isInstanceOf(SyncException.class);
        SyncException e = (SyncException) t;
        assertThat(e.status()).isIn(Status.END_OF_SESSION, Status.NETWORK_ERROR);
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aMailboxInUseIsBusyForThatFolderOnly() {
        Throwable t = outcome(ImapQuirk.INUSE, ImapProviderQuirksIT::fetchInbox);

        assertThat(t).isInstanceOf(SyncException.class);
        SyncException e = (SyncException) t;
        assertThat(e.status()).isEqualTo(Status.BUSY);
        assertThat(e.scope()).isEqualTo(Scope.FOLDER);
    }

    @Test
    void withoutUidplusAnAppendReturnsNoUidAndASearchFindsIt() {
        List<Object> seen = new ArrayList<>();

        Throwable t = outcome(ImapQuirk.NO_UIDPLUS, p -> {
            seen.add(p.capabilities());
            seen.add(p.append(
                    FolderPath.INBOX,
                    RawMessage.of("Message-ID: <new@x>\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)),
                    Flags.NONE,
                    Instant.parse("2024-01-01T10:00:00Z")));
            seen.add(p.searchHeader(FolderPath.INBOX, "Message-ID", "<new@x>", Uid.of(2)));
        });

        assertThat(t).isNull();
        assertThat(seen.get(0))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.collection(Capability.class))
                .doesNotContain(Capability.UIDPLUS);
        assertThat(seen.get(1)).isEqualTo(Optional.empty());
        assertThat(seen.get(2)).isEqualTo(java.util.Set.of(Uid.of(2)));
    }

    @Test
    void aLyingModseqStillReportsTheMessageCountTheAuditNeeds() {
        List<FolderStatus> status = new ArrayList<>();

        Throwable t = outcome(ImapQuirk.QRESYNC_LIES, p -> status.add(p.status(FolderPath.INBOX)));

        assertThat(t).isNull();
        assertThat(status.getFirst().messages()).isEqualTo(2);
        assertThat(status.getFirst().highestModSeq()).isPresent();
    }

    @Test
    void grammarViolationsAreFailuresWithAStatus() {
        Throwable list = outcome(ImapQuirk.GRAMMAR_VIOLATION, MailProvider::listFolders);
        Throwable fetch = outcome(ImapQuirk.GRAMMAR_VIOLATION, ImapProviderQuirksIT::fetchInbox);

        assertThat(list).isInstanceOf(SyncException.class);
        assertThat(fetch).isInstanceOf(SyncException.class);
    }

    @Test
    void aServerThatGoesSilentEndsInATimeout() {
        Throwable t = outcome(ImapQuirk.STALL_AFTER_LOGIN, MailProvider::listFolders);

        assertThat(t).isInstanceOf(SyncException.class);
        assertThat(((SyncException) t).status()).isIn(Status.TIMEOUT, Status.NETWORK_ERROR);
    }

    @Test
    void refusedCredentialsAreLogonFailedForTheAccount() {
        try (ScriptedImapServer server = ImapQuirk.LOGIN_REFUSED.start()) {
            assertThatThrownBy(() -> ImapProvider.open(settings(server)))
                    .isInstanceOfSatisfying(SyncException.class, e -> {
                        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
                        assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
                        assertThat(e.getMessage()).doesNotContain("quirk-password");
                    });
        }
    }
}
