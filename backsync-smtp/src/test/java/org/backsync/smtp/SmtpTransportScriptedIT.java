package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.SyncException;
import org.backsync.testing.ScriptedSmtpServer;
import org.backsync.testing.ScriptedSmtpServer.Action;
import org.backsync.testing.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpTransportScriptedIT {
    static final RawMessage MESSAGE = message("Subject: hi\r\n\r\nhello\r\n.leading dot\r\n");
    static final Envelope ENVELOPE = new Envelope("me@example.org", List.of("you@example.org"));

    ScriptedSmtpServer server;
    SmtpTransport testSubject;
    final AtomicInteger hookCalls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = ScriptedSmtpServer.start();
        testSubject = new SmtpTransport(settings(server));
    }

    @AfterEach
    void stop() throws Exception {
        testSubject.close();
        server.close();
    }

    static SmtpSettings settings(ScriptedSmtpServer server) {
        return SmtpSettings.of(server.host(), server.port(), SmtpSettings.Security.NONE, Optional.empty())
                .withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofSeconds(3));
    }

    static RawMessage message(String text) {
        return RawMessage.of(text.getBytes(StandardCharsets.UTF_8));
    }

    List<RecipientOutcome> send(Envelope envelope, RawMessage message) throws SyncException {
        return testSubject.send(envelope, message, hookCalls::incrementAndGet);
    }

    SyncException sendFailure(Envelope envelope, RawMessage message) {
        return (SyncException) org.assertj.core.api.Assertions.catchThrowable(() -> send(envelope, message));
    }

    @Test
    void deliversTheMessageBytesAndReportsTheRecipientAccepted() throws Exception {
        List<RecipientOutcome> outcomes = send(ENVELOPE, MESSAGE);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.accepted()).isTrue();
            assertThat(o.replyCode()).isEqualTo(250);
        });
        assertThat(server.accepted()).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo("Subject: hi\r\n\r\nhello\r\n.leading dot\r\n");
            assertThat(r.recipients()).containsExactly("you@example.org");
        });
        assertThat(hookCalls).hasValue(1);
    }

    @Test
    void partialRecipientFailureIsReportedPerRecipientAndTheOthersGetTheMessage() throws Exception {
        server.recipientReply("nobody@example.org", "550 5.1.1 <nobody@example.org>: no such user");
        Envelope envelope = new Envelope("me@example.org", List.of("you@example.org", "nobody@example.org"));

        List<RecipientOutcome> outcomes = send(envelope, MESSAGE);

        assertThat(outcomes).extracting(RecipientOutcome::accepted).containsExactly(true, false);
        assertThat(outcomes.get(1).replyCode()).isEqualTo(550);
        assertThat(outcomes.get(1).reply()).contains("no such user");
        assertThat(server.accepted())
                .singleElement()
                .satisfies(r -> assertThat(r.recipients()).containsExactly("you@example.org"));
    }

    @Test
    void everyRecipientRefusedPermanentlyReturnsTheRefusalsWithoutSendingData() throws Exception {
        server.recipientReply("you@example.org", "550 5.1.1 no such user");

        List<RecipientOutcome> outcomes = send(ENVELOPE, MESSAGE);

        assertThat(outcomes)
                .singleElement()
                .satisfies(o -> assertThat(o.accepted()).isFalse());
        assertThat(server.commands()).doesNotContain("DATA");
        assertThat(hookCalls).hasValue(0);
    }

    @Test
    void everyRecipientRefusedForNowIsBusy() {
        server.next(Step.RCPT, "452 4.5.3 too many recipients");

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.status()).isEqualTo(Status.BUSY);
        assertThat(e.getMessage()).contains("452 4.5.3 too many recipients");
        assertThat(hookCalls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"421 4.3.2 shutting down", "450 4.2.1 mailbox busy", "451 4.3.0 try later", "452 4.3.1 full"})
    void aTemporaryReplyToMailFromIsBusyAndNothingIsSent(String reply) {
        server.next(Step.MAIL, reply);

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.status()).isEqualTo(Status.BUSY);
        assertThat(e.status().retry()).isEqualTo(org.backsync.Retry.LATER);
        assertThat(e.getMessage()).contains(reply);
        assertThat(server.received()).isEmpty();
        assertThat(hookCalls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"550 5.7.1 rejected by policy", "552 5.3.4 message too big", "554 5.7.0 spam"})
    void aPermanentReplyAfterTheDataIsRefusedWithTheServerText(String reply) {
        server.next(Step.END, reply);

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.status()).isEqualTo(Status.REFUSED);
        assertThat(e.scope()).isEqualTo(Scope.MESSAGE);
        assertThat(e.getMessage()).contains(reply);
        assertThat(hookCalls).hasValue(1);
    }

    @Test
    void aConnectionDroppedAfterDataIsATransientFailureBeforeTheEndOfData() {
        server.next(Step.DATA, new Action.Drop());

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.isTransient()).isTrue();
        assertThat(hookCalls).hasValue(0);
    }

    @Test
    void aConnectionDroppedAfterTheFinalDotIsTransientAfterTheHook() {
        server.next(Step.END, new Action.Drop());

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.isTransient()).isTrue();
        assertThat(hookCalls).hasValue(1);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        server.next(Step.GREETING, new Action.Silence());
        long start = System.nanoTime();

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.status()).isEqualTo(Status.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerSilentAfterTheFinalDotTimesOutAfterTheHook() {
        server.next(Step.END, new Action.Silence());

        SyncException e = sendFailure(ENVELOPE, MESSAGE);

        assertThat(e.status()).isEqualTo(Status.TIMEOUT);
        assertThat(hookCalls).hasValue(1);
    }

    @Test
    void aHookThatThrowsStopsTheSendBeforeTheEndOfData() {
        SyncException refusal = new SyncException(Status.CORRUPT_STORE, Scope.ACCOUNT, "journal unwritable");

        assertThatThrownBy(() -> testSubject.send(ENVELOPE, MESSAGE, () -> {
                    throw refusal;
                }))
                .isSameAs(refusal);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void afterAHookFailureTheNextSendStartsCleanOnANewConnection() throws Exception {
        SyncException refusal = new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "intent gone");
        assertThatThrownBy(() -> testSubject.send(ENVELOPE, MESSAGE, () -> {
                    throw refusal;
                }))
                .isSameAs(refusal);

        send(ENVELOPE, MESSAGE);

        assertThat(server.accepted())
                .singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("Subject: hi\r\n\r\nhello\r\n.leading dot\r\n"));
        assertThat(server.connectionCount()).isEqualTo(2);
    }

    @Test
    void twoSendsShareOneConnection() throws Exception {
        send(ENVELOPE, MESSAGE);
        send(ENVELOPE, MESSAGE);

        assertThat(server.accepted()).hasSize(2);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void aFailedTransactionLeavesTheConnectionUsableForTheNextMessage() throws Exception {
        server.next(Step.MAIL, "451 4.3.0 try later");
        sendFailure(ENVELOPE, MESSAGE);

        send(ENVELOPE, MESSAGE);

        assertThat(server.accepted()).hasSize(1);
    }

    @Nested
    class Extensions {
        @Test
        void aMessageOverTheSizeLimitIsRefusedBeforeMailFrom() {
            server.advertise("SIZE 100");

            SyncException e = sendFailure(ENVELOPE, message("Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n"));

            assertThat(e.status()).isEqualTo(Status.REFUSED);
            assertThat(e.getMessage()).contains("SIZE limit of 100 bytes");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
        }

        @Test
        void mailFromDeclaresSizeAnd8bitmimeForAnEightBitBody() throws Exception {
            send(ENVELOPE, message("Subject: x\r\n\r\ncaf\u00e9\r\n"));

            assertThat(server.commands())
                    .anyMatch(c -> c.startsWith("MAIL FROM:<me@example.org> SIZE=")
                            && c.contains("BODY=8BITMIME")
                            && !c.contains("SMTPUTF8"));
        }

        @Test
        void eightBitHeadersUseSmtputf8WhenOffered() throws Exception {
            send(ENVELOPE, message("Subject: caf\u00e9\r\n\r\nbody\r\n"));

            assertThat(server.commands()).anyMatch(c -> c.startsWith("MAIL") && c.contains("SMTPUTF8"));
        }

        @Test
        void aNonAsciiRecipientAloneMakesTheTransactionSmtputf8() throws Exception {
            send(new Envelope("me@example.org", List.of("j\u00f6rg@example.org")), MESSAGE);

            assertThat(server.commands()).anyMatch(c -> c.startsWith("MAIL") && c.endsWith(" SMTPUTF8"));
        }

        @Test
        void eightBitHeadersWithoutSmtputf8AreRefusedBeforeSending() {
            server.advertise("8BITMIME");

            SyncException e = sendFailure(ENVELOPE, message("Subject: caf\u00e9\r\n\r\nbody\r\n"));

            assertThat(e.status()).isEqualTo(Status.REFUSED);
            assertThat(e.getMessage()).contains("SMTPUTF8");
            assertThat(server.received()).isEmpty();
        }
    }
}
