package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.backsync.Retry;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;

class SmtpFailuresTest {
    static SmtpReply reply(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    @Test
    void aTemporaryReplyIsBusyAtMessageScopeAndRetriedLater() {
        SyncException e = SmtpFailures.messageReply("mx", "MAIL FROM", reply(451, "4.3.0 later"));

        assertThat(e.status()).isEqualTo(Status.BUSY);
        assertThat(e.scope()).isEqualTo(Scope.MESSAGE);
        assertThat(e.status().retry()).isEqualTo(Retry.LATER);
        assertThat(e.getMessage()).isEqualTo("mx refused MAIL FROM: 451 4.3.0 later");
    }

    @Test
    void fourTwentyOneClosesTheSessionSoItIsAccountScoped() {
        assertThat(SmtpFailures.messageReply("mx", "DATA", reply(421, "bye")).scope())
                .isEqualTo(Scope.ACCOUNT);
    }

    @Test
    void aPermanentReplyIsRefusedWithTheServerTextAndNeverRetried() {
        SyncException e = SmtpFailures.messageReply("mx", "the message", reply(554, "5.7.1 spam"));

        assertThat(e.status()).isEqualTo(Status.REFUSED);
        assertThat(e.status().retry()).isEqualTo(Retry.NEVER);
        assertThat(e.status().hresult()).isEqualTo(0x80070005);
        assertThat(e.status().mapiName()).isEqualTo("MAPI_E_NO_ACCESS");
        assertThat(e.getMessage()).endsWith("554 5.7.1 spam");
    }

    @Test
    void aRefusedAuthIsLogonFailedAndATemporaryOneIsBusy() {
        assertThat(SmtpFailures.authReply("mx", "PLAIN", reply(535, "5.7.8 bad"))
                        .status())
                .isEqualTo(Status.LOGON_FAILED);
        assertThat(SmtpFailures.authReply("mx", "PLAIN", reply(454, "4.7.0 later"))
                        .status())
                .isEqualTo(Status.BUSY);
    }

    @Test
    void socketFailuresMapToTransientStatusesAtAccountScope() {
        assertThat(SmtpFailures.io("mx", "DATA", new SocketTimeoutException()).status())
                .isEqualTo(Status.TIMEOUT);
        assertThat(SmtpFailures.io("mx", "DATA", new EOFException()).status()).isEqualTo(Status.END_OF_SESSION);
        assertThat(SmtpFailures.io("mx", "DATA", new IOException("reset")).status())
                .isEqualTo(Status.NETWORK_ERROR);
        assertThat(SmtpFailures.io("mx", "connecting", new UnknownHostException("mx"))
                        .status())
                .isEqualTo(Status.OFFLINE);
        assertThat(SmtpFailures.io("mx", "DATA", new IOException("reset")).scope())
                .isEqualTo(Scope.ACCOUNT);
    }

    @Test
    void aCertificateFailureIsLogonFailed() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("unable to find valid certification path"));

        SyncException e = SmtpFailures.io("mx", "connecting", handshake);

        assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
        assertThat(e.getMessage()).contains("certificate of mx");
    }

    @Test
    void aHandshakeBrokenByTheNetworkIsNotALogonFailure() {
        assertThat(SmtpFailures.io("mx", "connecting", new SSLHandshakeException("Remote host terminated"))
                        .status())
                .isEqualTo(Status.NETWORK_ERROR);
    }
}
