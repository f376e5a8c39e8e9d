package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.ServerConfig;
import org.junit.jupiter.api.Test;

class ImapConnectorTest {
    @Test
    void theQresyncSwitchOfTheServerConfigReachesTheImapSettings() {
        ServerConfig on =
                new ServerConfig("127.0.0.1", 143, Security.NONE, "me", new Secret.PasswordEnv("PW"), Optional.empty());

        assertThat(ImapConnector.settings(account(on), "pw").qresync()).isTrue();
        assertThat(ImapConnector.settings(account(on.withQresync(false)), "pw").qresync())
                .isFalse();
    }

    private static AccountConfig account(ServerConfig imap) {
        return new AccountConfig(
                AccountId.of("a"),
                "a@localhost",
                imap,
                Optional.empty(),
                FolderFilter.ALL,
                FolderFilter.NONE,
                List.of(),
                false,
                2);
    }
}
