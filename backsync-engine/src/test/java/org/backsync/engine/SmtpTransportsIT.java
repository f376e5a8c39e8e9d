package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.core.outbox.ServerLimits;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.ServerConfig;
import org.backsync.spi.MailTransport;
import org.backsync.testing.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

class SmtpTransportsIT {
    static final AccountId ACCOUNT = AccountId.of("me");

    @Test
    void theServersSizeAndSmtputf8AreLearntFromTheFirstSendForLaterSubmissions() throws Exception {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start().requireAuth("me", "pw").advertise("8BITMIME", "SIZE 10485760")) {
            ServerConfig smtp = new ServerConfig(
                    "127.0.0.1", server.port(), Security.NONE, "me", new Secret.PasswordEnv("PW"), Optional.empty());
            ServerConfig imap = new ServerConfig(
                    "127.0.0.1", 1, Security.NONE, "me", new Secret.PasswordEnv("PW"), Optional.empty());
            AccountConfig account = new AccountConfig(
                    ACCOUNT,
                    "me@example.org",
                    imap,
                    Optional.of(smtp),
                    FolderFilter.ALL,
                    FolderFilter.NONE,
                    List.of(FolderPath.INBOX),
                    false,
                    2);
            SmtpTransports testSubject =
                    new SmtpTransports(Map.of(ACCOUNT, account), new SecretSource(Map.of("PW", "pw")));
            assertThat(testSubject.limits(ACCOUNT)).isEmpty();

            try (MailTransport t = testSubject.apply(ACCOUNT)) {
                t.send(
                        new MailTransport.Envelope("me@example.org", List.of("you@example.org")),
                        RawMessage.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                        () -> {});
            }

            assertThat(testSubject.limits(ACCOUNT)).contains(new ServerLimits(OptionalLong.of(10485760), false));
            assertThat(server.accepted()).hasSize(1);
        }
    }
}
