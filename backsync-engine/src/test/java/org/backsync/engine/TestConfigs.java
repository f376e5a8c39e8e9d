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

/**
 * Configurations for engine tests: accounts on one host with one group every 5 minutes (scheduler tests), or one
 * account on a loopback server without TLS, its password in the secret {@code PW} (integration tests).
 */
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

    /**
     * One account on a loopback IMAP server without TLS (the password comes from the secret {@code PW}), every
     * folder synced, IDLE on {@code push}, in one group every hour, with its data in {@code data}.
     */
    static EngineConfig loopback(Path data, AccountId id, int port, String user, List<FolderPath> push) {
        ServerConfig imap = new ServerConfig(
                "127.0.0.1", port, Security.NONE, user, new Secret.PasswordEnv("PW"), Optional.empty());
        AccountConfig account = new AccountConfig(
                id,
                id.value() + "@localhost",
                imap,
                Optional.empty(),
                FolderFilter.ALL,
                FolderFilter.NONE,
                push,
                false,
                2);
        return new EngineConfig(
                data,
                Map.of(id, account),
                List.of(new SendReceiveGroup("all", List.of(id), SyncKind.DIRECTIONS, Duration.ofHours(1))),
                EngineConfig.Limits.DEFAULT,
                EngineConfig.Push.DEFAULT);
    }
}
