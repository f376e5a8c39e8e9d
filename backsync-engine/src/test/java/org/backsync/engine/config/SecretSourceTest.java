package org.backsync.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.backsync.AccountId;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;

class SecretSourceTest {
    private static final AccountId WORK = AccountId.of("work");
    private final SecretSource testSubject = new SecretSource(Map.of("WORK_PASSWORD", "s3cret"));

    @Test
    void aShellCommandStringPrintsThePasswordOnItsFirstLine() throws Exception {
        String value = testSubject.resolve(WORK, new Secret.PasswordCommand(List.of("printf 'pw1\\nignored\\n'")));

        assertThat(value).isEqualTo("pw1");
    }

    @Test
    void anArgumentListRunsWithoutAShell() throws Exception {
        String value = testSubject.resolve(WORK, new Secret.OAuth2TokenCommand(List.of("echo", "token;not-a-shell")));

        assertThat(value).isEqualTo("token;not-a-shell");
    }

    @Test
    void anEnvironmentVariableIsRead() throws Exception {
        assertThat(testSubject.resolve(WORK, new Secret.PasswordEnv("WORK_PASSWORD")))
                .isEqualTo("s3cret");
    }

    @Test
    void aFailingCommandIsALogonFailureThatDoesNotShowItsOutput() {
        Secret failing = new Secret.PasswordCommand(List.of("echo leaked-secret; exit 3"));

        assertThatThrownBy(() -> testSubject.resolve(WORK, failing))
                .isInstanceOfSatisfying(SyncException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.LOGON_FAILED);
                    assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
                })
                .hasMessage("account work: password_command exited with status 3")
                .hasMessageNotContaining("leaked-secret");
    }

    @Test
    void anUnsetVariableIsALogonFailureNamingIt() {
        assertThatThrownBy(() -> testSubject.resolve(WORK, new Secret.PasswordEnv("HOME_PASSWORD")))
                .hasMessage("account work: password_env: environment variable HOME_PASSWORD is not set");
    }
}
