package org.backsync.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.backsync.AccountId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10: no plaintext login over a link that leaves the machine (CONTRACT 5.9). {@code security = "none"} is
 * accepted for a loopback host only, for IMAP and SMTP alike, whatever way the host is spelled.
 */
class PlaintextLoginConfigTest {
    private final ConfigLoader testSubject = new ConfigLoader(Map.of("HOME", "/home/me"));

    private static String account(String block, String host, String security) {
        String imap = block.equals("imap") ? host : "imap.example.com";
        String imapSecurity = block.equals("imap") ? security : "tls";
        String toml = """
                [accounts.work.imap]
                host = "%s"
                security = "%s"
                user = "me"
                password_env = "PW"
                """.formatted(imap, imapSecurity);
        if (block.equals("smtp")) {
            toml += """
                    [accounts.work.smtp]
                    host = "%s"
                    security = "%s"
                    user = "me"
                    password_env = "PW"
                    """.formatted(host, security);
        }
        return toml;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "imap.example.com",
                "127.0.0.1.nip.io",
                "localhost.example.com",
                "0.0.0.0",
                "::",
                "10.0.0.1",
                "192.168.1.20",
                "169.254.1.1",
                "::ffff:10.0.0.1",
                "fe80::1",
                "0x7f.0.0.1"
            })
    void plainTextImapToAHostThatIsNotLoopbackIsRefused(String host) {
        assertThatThrownBy(() -> testSubject.parse(account("imap", host, "none"), "config.toml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accounts.work.imap.security = \"none\"")
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.example.com", "0.0.0.0", "10.0.0.1", "::ffff:192.168.0.1"})
    void plainTextSmtpToAHostThatIsNotLoopbackIsRefused(String host) {
        assertThatThrownBy(() -> testSubject.parse(account("smtp", host, "none"), "config.toml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accounts.work.smtp.security = \"none\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1"})
    void plainTextToALoopbackHostIsAccepted(String host) throws Exception {
        EngineConfig config = testSubject.parse(account("imap", host, "none"), "config.toml");

        assertThat(config.accounts().get(AccountId.of("work")).imap().security())
                .isEqualTo(Security.NONE);
    }

    @Test
    void encryptedLinksToRemoteHostsAreAcceptedAndPinNoCertificateByDefault() throws Exception {
        EngineConfig config = testSubject.parse(account("smtp", "smtp.example.com", "starttls"), "config.toml");

        AccountConfig work = config.accounts().get(AccountId.of("work"));
        assertThat(work.imap().security()).isEqualTo(Security.TLS);
        assertThat(work.imap().certificateSha256()).isEmpty();
        assertThat(work.smtp().orElseThrow().security()).isEqualTo(Security.STARTTLS);
        assertThat(work.smtp().orElseThrow().certificateSha256()).isEmpty();
    }
}
