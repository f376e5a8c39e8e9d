package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpTransportGreenMailIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
                    new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("me@localhost", "me", "secret"));

    static final Envelope ENVELOPE = new Envelope("me@localhost", List.of("you@localhost", "other@localhost"));
    static final RawMessage MESSAGE = RawMessage.of(
            ("From: me@localhost\r\nTo: you@localhost, other@localhost\r\nMessage-ID: <gm-1@localhost>\r\n"
                            + "Subject: greetings\r\n\r\nhello from backsync\r\n..a stuffed line\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

    static SmtpSettings plain(Optional<SmtpSettings.Auth> auth) {
        return SmtpSettings.of("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSettings.Security.NONE, auth)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static SmtpSettings smtps(Optional<SmtpSettings.Auth> auth) {
        return SmtpSettings.of("127.0.0.1", greenMail.getSmtps().getPort(), SmtpSettings.Security.SMTPS, auth)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static Optional<SmtpSettings.Auth> auth(SmtpSettings.Mechanism mechanism, String secret) {
        return Optional.of(new SmtpSettings.Auth(mechanism, "me", () -> secret));
    }

    @Test
    void aSentMessageArrivesInEveryRecipientsMailbox() throws Exception {
        List<RecipientOutcome> outcomes;
        try (SmtpTransport testSubject = new SmtpTransport(plain(Optional.empty()))) {
            outcomes = testSubject.send(ENVELOPE, MESSAGE, () -> {});
        }

        assertThat(outcomes).extracting(RecipientOutcome::accepted).containsExactly(true, true);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getMessageID()).isEqualTo("<gm-1@localhost>");
        assertThat(received[0].getContent().toString()).contains("hello from backsync", ".a stuffed line");
    }

    @Test
    void authPlainAndLoginWithTheRightPasswordSend() throws Exception {
        for (SmtpSettings.Mechanism mechanism : List.of(SmtpSettings.Mechanism.PLAIN, SmtpSettings.Mechanism.LOGIN)) {
            try (SmtpTransport testSubject = new SmtpTransport(plain(auth(mechanism, "secret")))) {
                testSubject.send(ENVELOPE, MESSAGE, () -> {});
            }
        }

        assertThat(greenMail.getReceivedMessages()).hasSize(4);
    }

    @Test
    void aWrongPasswordIsLogonFailedAndNothingIsSent() {
        try (SmtpTransport testSubject =
                new SmtpTransport(plain(auth(SmtpSettings.Mechanism.PLAIN, "wrong-password")))) {
            SyncException e =
                    catchThrowableOfType(SyncException.class, () -> testSubject.send(ENVELOPE, MESSAGE, () -> {}));

            assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
            assertThat(e.getMessage()).doesNotContain("wrong-password");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithThePinnedCertificateSends() throws Exception {
        try (SmtpTransport testSubject = new SmtpTransport(
                smtps(auth(SmtpSettings.Mechanism.PLAIN, "secret")).withPinnedSha256(TestTls.fingerprint()))) {
            testSubject.send(ENVELOPE, MESSAGE, () -> {});
        }

        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void smtpsWithAnUntrustedCertificateIsLogonFailed() {
        try (SmtpTransport testSubject = new SmtpTransport(smtps(auth(SmtpSettings.Mechanism.PLAIN, "secret")))) {
            SyncException e =
                    catchThrowableOfType(SyncException.class, () -> testSubject.send(ENVELOPE, MESSAGE, () -> {}));

            assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
            assertThat(e.getMessage()).contains("certificate");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
