package org.backsync.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.SyncKind;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            [accounts.work.imap]
            host = "imap.example.com"
            user = "me@example.com"
            password_command = "pass show mail/work"
            """;

    private final ConfigLoader testSubject = new ConfigLoader(Map.of("HOME", "/home/me"));

    @Test
    void aMinimalFileGetsSafeDefaults() throws Exception {
        EngineConfig config = testSubject.parse(MINIMAL, "config.toml");

        AccountConfig work = config.accounts().get(AccountId.of("work"));
        assertThat(work.imap().security()).isEqualTo(Security.TLS);
        assertThat(work.imap().port()).isEqualTo(993);
        assertThat(work.imap().certificateSha256()).isEmpty();
        assertThat(work.imap().secret()).isEqualTo(new Secret.PasswordCommand(List.of("pass show mail/work")));
        assertThat(work.push()).containsExactly(FolderPath.INBOX);
        assertThat(config.groups()).singleElement().satisfies(g -> {
            assertThat(g.accounts()).containsExactly(AccountId.of("work"));
            assertThat(g.kinds()).isEqualTo(SyncKind.DIRECTIONS);
            assertThat(g.every()).isEqualTo(Duration.ofMinutes(5));
        });
        assertThat(config.push()).isEqualTo(EngineConfig.Push.DEFAULT);
        assertThat(config.dataDir()).isEqualTo(Path.of("/home/me/.local/share/backsync"));
    }

    @Test
    void everyDocumentedKeyIsRead() throws Exception {
        String toml = """
                data_dir = "~/mail"
                [limits]
                max_connections_per_host = 2
                retry_first = "10s"
                retry_max = "10m"
                [push]
                renew = "20m"
                watchdog = "30s"
                max_failures = 5
                [accounts.work]
                email = "me@example.com"
                headers_only = ["Archive/*"]
                push = ["INBOX", "Lists/java"]
                delete_to_trash = true
                max_connections = 3
                folders.include = ["*"]
                folders.exclude = ["Junk", "Trash"]
                [accounts.work.imap]
                host = "127.0.0.1"
                port = 3143
                security = "none"
                user = "me"
                password_env = "WORK_PASSWORD"
                qresync = false
                [accounts.work.smtp]
                host = "smtp.example.com"
                security = "starttls"
                user = "me"
                oauth2_token_command = ["oauth2", "--account", "work"]
                [groups.fast]
                accounts = ["work"]
                kinds = ["download_contents", "headers_only"]
                every = "1m"
                """;

        EngineConfig config = testSubject.parse(toml, "config.toml");

        AccountConfig work = config.accounts().get(AccountId.of("work"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/home/me/mail"));
        assertThat(config.limits())
                .isEqualTo(new EngineConfig.Limits(2, Duration.ofSeconds(10), Duration.ofMinutes(10)));
        assertThat(config.push()).isEqualTo(new EngineConfig.Push(Duration.ofMinutes(20), Duration.ofSeconds(30), 5));
        assertThat(work.imap())
                .isEqualTo(new ServerConfig(
                        "127.0.0.1",
                        3143,
                        Security.NONE,
                        "me",
                        new Secret.PasswordEnv("WORK_PASSWORD"),
                        Optional.empty(),
                        false));
        assertThat(work.smtp()).hasValueSatisfying(s -> {
            assertThat(s.port()).isEqualTo(587);
            assertThat(s.secret().isOAuth2()).isTrue();
        });
        assertThat(work.folders().accepts(FolderPath.of("Junk"))).isFalse();
        assertThat(work.folders().accepts(FolderPath.of("Projects/Junkyard"))).isTrue();
        assertThat(work.headersOnly().accepts(FolderPath.of("Archive/2024"))).isTrue();
        assertThat(work.push()).containsExactly(FolderPath.INBOX, FolderPath.of("Lists/java"));
        assertThat(work.deleteToTrash()).isTrue();
        assertThat(work.maxConnections()).isEqualTo(3);
        assertThat(config.groups())
                .containsExactly(new SendReceiveGroup(
                        "fast",
                        List.of(AccountId.of("work")),
                        Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY),
                        Duration.ofMinutes(1)));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKeysThatAreKnown() {
        assertThatThrownBy(() -> testSubject.parse(MINIMAL + "prot = 993\n", "config.toml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.toml: accounts.work.imap.prot: unknown key (expected one of host,")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("accounts.work.imap.prot"));
    }

    @Test
    void aWrongTypeNamesTheKeyTheValueAndTheExpectedType() {
        assertThatThrownBy(() -> testSubject.parse(MINIMAL + "port = \"nine\"\n", "config.toml"))
                .hasMessage("config.toml: accounts.work.imap.port = \"nine\": expected an integer from 1 to 65535");
    }

    @Test
    void aMissingPasswordCommandIsNamed() {
        String toml = MINIMAL.replace("password_command = \"pass show mail/work\"\n", "");

        assertThatThrownBy(() -> testSubject.parse(toml, "config.toml"))
                .hasMessage("config.toml: accounts.work.imap.password_command: missing (expected one of"
                        + " password_command, password_env or oauth2_token_command)");
    }

    @Test
    void aPasswordInClearIsRefusedWithoutEchoingIt() {
        String toml = MINIMAL + "password = \"hunter2\"\n";

        assertThatThrownBy(() -> testSubject.parse(toml, "config.toml"))
                .hasMessageContaining("accounts.work.imap.password = (hidden): secrets are never written")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void plainTextToARemoteHostIsRefused() {
        String toml = MINIMAL + "security = \"none\"\n";

        assertThatThrownBy(() -> testSubject.parse(toml, "config.toml"))
                .hasMessageContaining(
                        "accounts.work.imap.security = \"none\": plain text is allowed only for a" + " loopback host");
    }

    @Test
    void anIdleRenewalAt29MinutesOrMoreIsRefused() {
        assertThatThrownBy(() -> testSubject.parse(MINIMAL + "[push]\nrenew = \"29m\"\n", "config.toml"))
                .hasMessage("config.toml: push.renew = \"29m\": expected below 29m (RFC 2177)");
    }

    @Test
    void aBadDurationIsNamed() {
        assertThatThrownBy(() -> testSubject.parse(MINIMAL + "[push]\nwatchdog = \"soon\"\n", "config.toml"))
                .hasMessage("config.toml: push.watchdog = \"soon\": expected a duration such as \"90s\", \"25m\" or"
                        + " \"1h\"");
    }

    @Test
    void aGroupNamingAnUnknownAccountIsRefused() {
        String toml = MINIMAL + "[groups.g]\naccounts = [\"home\"]\n";

        assertThatThrownBy(() -> testSubject.parse(toml, "config.toml"))
                .hasMessage("config.toml: groups.g.accounts = \"home\": no such account (known: [work])");
    }

    @Test
    void aTomlSyntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> testSubject.parse("[accounts.work\nhost = 1\n", "config.toml"))
                .hasMessageStartingWith("config.toml line 1: not valid TOML:");
    }

    @Test
    void aMissingFileSaysHowToCreateOne() {
        assertThatThrownBy(() -> testSubject.load(Path.of("/nonexistent/backsync.toml")))
                .hasMessage(
                        "/nonexistent/backsync.toml: no such file (create it, see docs/config.md, or pass --config)");
    }
}
