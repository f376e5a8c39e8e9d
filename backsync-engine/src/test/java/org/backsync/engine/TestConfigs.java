package org.backsync.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.SyncKind;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.SendReceiveGroup;
import org.backsync.engine.config.ServerConfig;

/** Configurations for scheduler tests: accounts on one host, one group every 5 minutes. */
final class TestConfigs {
    static final Duration EVERY = Duration.ofMinutes(5);

    private TestConfigs() {}

    static AccountConfig account(String id, String host, String passwordEnv) {
        ServerConfig imap =
                new ServerConfig(host, 993, Security.TLS, id, new Secret.PasswordEnv(passwordEnv), Optional.empty());
        return new AccountConfig(
                AccountId.of(id),
                id + "@example.com",
                imap,
                Optional.empty(),
                FolderFilter.ALL,
                FolderFilter.NONE,
                List.of(FolderPath.INBOX),
                false,
                2);
    }

    static EngineConfig config(int perHost, AccountConfig... accounts) {
        Map<AccountId, AccountConfig> map = new LinkedHashMap<>();
        for (AccountConfig a : accounts) {
            map.put(a.id(), a);
        }
        SendReceiveGroup all = new SendReceiveGroup("all", List.copyOf(map.keySet()), SyncKind.DIRECTIONS, EVERY);
        return new EngineConfig(
                Path.of("/tmp/unused"),
                map,
                List.of(all),
                new EngineConfig.Limits(perHost, Duration.ofSeconds(30), Duration.ofMinutes(8)),
                EngineConfig.Push.DEFAULT);
    }
}
