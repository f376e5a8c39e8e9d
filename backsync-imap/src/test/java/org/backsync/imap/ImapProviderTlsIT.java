package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.testing.FaultProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONTRACT 5.9 and B48 against GreenMail's IMAPS and IMAP listeners, which use a self-signed certificate. */
class ImapProviderTlsIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup[] {
                ServerSetupTest.IMAPS.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()
            })
            .withPerMethodLifecycle(false);

    @BeforeAll
    static void createUser() {
        greenMail.setUser("tls@example.org", "tls", "tls-secret");
    }

    @Test
    void selfSignedCertificateIsRefusedWithLogonFailedBeforeAnyCredentials() {
        try (FaultProxy proxy = FaultProxy.to(greenMail.getImaps().getPort())) {
            ImapSettings settings = tls(proxy.port(), ImapSettings.Security.TLS);

            assertThatThrownBy(() -> ImapProvider.open(settings)).isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
                assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
            });
            assertThat(proxy.connectionCount()).isEqualTo(1);
            // TLS 1.3 (RFC 8446 §5.2) wraps the client's alert in an application-data record (type 0x17) too; 35-byte
            // ones were seen here. Credentials can only follow the client's Finished, which is encrypted and at least
            // 4 + 32 + 1 + 16 = 53 bytes (SHA-256 verify_data, inner type, GCM tag).
            assertThat(tlsRecords(proxy.clientBytes(1))).isNotEmpty().allSatisfy(r -> {
                if (r.type() == 0x17) {
                    assertThat(r.length())
                            .as("encrypted record after a refused certificate")
                            .isLessThan(4 + 32 + 1 + 16);
                }
            });
            assertThat(tlsRecords(proxy.clientBytes(1)).stream().filter(r -> r.type() == 0x17))
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void pinnedCertificateIsTrusted() throws Exception {
        String pin = serverCertificateSha256(greenMail.getImaps().getPort());
        ImapSettings settings =
                tls(greenMail.getImaps().getPort(), ImapSettings.Security.TLS).withPinnedSha256(pin);

        try (MailProvider testSubject = ImapProvider.open(settings)) {
            assertThat(testSubject.listFolders()).extracting(RemoteFolder::path).contains(FolderPath.INBOX);
        }
    }

    @Test
    void certificateNotMatchingThePinIsRefused() {
        ImapSettings settings =
                tls(greenMail.getImaps().getPort(), ImapSettings.Security.TLS).withPinnedSha256("00".repeat(32));

        assertThatThrownBy(() -> ImapProvider.open(settings))
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.LOGON_FAILED));
    }

    @Test
    void requiredStartTlsThatFailsSendsNoLogin() {
        try (FaultProxy proxy = FaultProxy.to(greenMail.getImap().getPort())) {
            ImapSettings settings = tls(proxy.port(), ImapSettings.Security.STARTTLS);

            assertThatThrownBy(() -> ImapProvider.open(settings))
                    .isInstanceOfSatisfying(
                            SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.LOGON_FAILED));
            assertThat(proxy.imapCommands()).doesNotContain("LOGIN", "AUTHENTICATE");
            assertThat(String.join("\n", proxy.clientLines())).doesNotContain("tls-secret");
        }
    }

    @Test
    void plainTextIsRefusedForANonLoopbackHost() {
        assertThatThrownBy(() -> new ImapSettings(
                        "imap.example.org",
                        143,
                        ImapSettings.Security.NONE,
                        ImapSettings.Auth.PLAIN,
                        "u",
                        () -> "p",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        1,
                        Optional.empty(),
                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imap.example.org");
    }

    private static ImapSettings tls(int port, ImapSettings.Security security) {
        return ImapSettings.loopback(port, "tls", "tls-secret").withSecurity(security, port);
    }

    /** One TLS record header: content type (0x16 handshake, 0x15 alert, 0x17 application data) and length. */
    record TlsRecord(int type, int length) {}

    private static java.util.List<TlsRecord> tlsRecords(byte[] bytes) {
        java.util.List<TlsRecord> records = new java.util.ArrayList<>();
        int i = 0;
        while (i + 5 <= bytes.length) {
            int length = ((bytes[i + 3] & 0xff) << 8) | (bytes[i + 4] & 0xff);
            records.add(new TlsRecord(bytes[i] & 0xff, length));
            i += 5 + length;
        }
        return records;
    }

    /** Reads the server's certificate with a trust-everything context, as a user would before pinning it. */
    private static String serverCertificateSha256(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            byte[] der = socket.getSession().getPeerCertificates()[0].getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }
}
