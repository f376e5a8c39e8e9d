package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Optional;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.backsync.testing.ScriptedSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS and AUTH against the scripted server, which records whether credentials were ever sent. */
class SmtpLogonIT {
    ScriptedSmtpServer server;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedSmtpServer.start().requireAuth("me", "secret");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    SmtpSettings settings(SmtpSettings.Security security, SmtpSettings.Mechanism mechanism, String secret) {
        return SmtpSettings.of(
                        server.host(),
                        server.port(),
                        security,
                        Optional.of(new SmtpSettings.Auth(mechanism, "me", () -> secret)))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    SyncException sendFailure(SmtpSettings settings) {
        try (SmtpTransport testSubject = new SmtpTransport(settings)) {
            return catchThrowableOfType(
                    SyncException.class,
                    () -> testSubject.send(
                            SmtpTransportScriptedIT.ENVELOPE, SmtpTransportScriptedIT.MESSAGE, () -> {}));
        }
    }

    @Test
    void startTlsRequiredButNotOfferedFailsBeforeAnyCredentials() {
        SyncException e = sendFailure(settings(SmtpSettings.Security.STARTTLS, SmtpSettings.Mechanism.PLAIN, "secret"));

        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
        assertThat(e.getMessage()).contains("STARTTLS");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH"));
    }

    @Test
    void anUntrustedCertificateAfterStartTlsFailsBeforeAnyCredentials() throws Exception {
        server.tls(TestTls.serverContext());

        SyncException e = sendFailure(settings(SmtpSettings.Security.STARTTLS, SmtpSettings.Mechanism.PLAIN, "secret"));

        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
        assertThat(e.getMessage()).contains("certificate");
        assertThat(server.commands()).contains("STARTTLS").noneMatch(c -> c.startsWith("AUTH"));
    }

    @Test
    void startTlsWithThePinnedCertificateLogsInAndSends() throws Exception {
        server.tls(TestTls.serverContext());
        SmtpSettings settings = settings(SmtpSettings.Security.STARTTLS, SmtpSettings.Mechanism.LOGIN, "secret")
                .withPinnedSha256(TestTls.fingerprint());

        try (SmtpTransport testSubject = new SmtpTransport(settings)) {
            testSubject.send(SmtpTransportScriptedIT.ENVELOPE, SmtpTransportScriptedIT.MESSAGE, () -> {});
        }

        assertThat(server.accepted()).hasSize(1);
        assertThat(server.commands()).containsSubsequence("STARTTLS", "EHLO localhost", "AUTH LOGIN ***");
    }

    @Test
    void aRefusedPasswordIsLogonFailed() {
        SyncException e = sendFailure(settings(SmtpSettings.Security.NONE, SmtpSettings.Mechanism.PLAIN, "nope"));

        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
        assertThat(e.getMessage()).contains("535");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aMechanismTheServerDoesNotOfferIsLogonFailedWithoutTryingIt() {
        SyncException e = sendFailure(settings(SmtpSettings.Security.NONE, SmtpSettings.Mechanism.XOAUTH2, "token"));

        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
        assertThat(e.getMessage()).contains("XOAUTH2 not offered");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH"));
    }

    @Test
    void aTemporaryAuthFailureIsBusy() {
        server.next(ScriptedSmtpServer.Step.AUTH, "454 4.7.0 temporary authentication failure");

        SyncException e = sendFailure(settings(SmtpSettings.Security.NONE, SmtpSettings.Mechanism.PLAIN, "secret"));

        assertThat(e.status()).isEqualTo(Status.BUSY);
    }
}
