package org.backsync.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
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
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.Security;
import org.backsync.engine.config.SendReceiveGroup;
import org.backsync.engine.config.ServerConfig;

/**
 * The demo's configuration: one account {@code demo} on the embedded server, plain text on loopback (allowed there
 * only, CONTRACT 5.9), the password in an environment-style secret source that only this process holds.
 */
public final class DemoConfig {
    public static final AccountId ACCOUNT = AccountId.of("demo");
    static final String PASSWORD_VARIABLE = "BACKSYNC_DEMO_PASSWORD";

    private DemoConfig() {}

    public static EngineConfig of(DemoServer server, Path dataDir) {
        Secret secret = new Secret.PasswordEnv(PASSWORD_VARIABLE);
        ServerConfig imap = new ServerConfig(
                "127.0.0.1", server.imapPort(), Security.NONE, DemoServer.USER, secret, Optional.empty());
        ServerConfig smtp = new ServerConfig(
                "127.0.0.1", server.smtpPort(), Security.NONE, DemoServer.USER, secret, Optional.empty());
        AccountConfig demo = new AccountConfig(
                ACCOUNT,
                DemoServer.USER,
                imap,
                Optional.of(smtp),
                FolderFilter.ALL,
                FolderFilter.NONE,
                List.of(FolderPath.INBOX),
                false,
                2);
        SendReceiveGroup all =
                new SendReceiveGroup("all", List.of(ACCOUNT), SyncKind.DIRECTIONS, Duration.ofMinutes(1));
        return new EngineConfig(
                dataDir, Map.of(ACCOUNT, demo), List.of(all), EngineConfig.Limits.DEFAULT, EngineConfig.Push.DEFAULT);
    }

    public static SecretSource secrets(DemoServer server) {
        return new SecretSource(Map.of(PASSWORD_VARIABLE, server.password()));
    }
}
