package org.backsync.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;

/**
 * Turns a {@link Secret} into its value, at connect time. A command given as one string runs through {@code /bin/sh
 * -c} (like mbsync's {@code PassCmd}); a list runs as is. The value is the first line of standard output. A command
 * that fails, times out or prints nothing, or an unset variable, is {@code LOGON_FAILED} at {@code ACCOUNT} scope: no
 * retry helps until the configuration changes. Error messages name the source, never the value or the output.
 */
public final class SecretSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;

    public SecretSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static SecretSource system() {
        return new SecretSource(System.getenv());
    }

    public String resolve(AccountId account, Secret secret) throws SyncException {
        return switch (secret) {
            case Secret.PasswordEnv e -> fromEnv(account, e.variable());
            case Secret.PasswordCommand c -> run(account, c.argv(), "password_command");
            case Secret.OAuth2TokenCommand c -> run(account, c.argv(), "oauth2_token_command");
        };
    }

    private String fromEnv(AccountId account, String variable) throws SyncException {
        String v = env.get(variable);
        if (v == null || v.isEmpty()) {
            throw failed(account, "password_env: environment variable " + variable + " is not set");
        }
        return v;
    }

    private String run(AccountId account, List<String> argv, String key) throws SyncException {
        List<String> command = argv.size() == 1 ? List.of("/bin/sh", "-c", argv.getFirst()) : argv;
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw failed(account, key + ": cannot start " + command.getFirst() + " (" + e.getMessage() + ")");
        }
        byte[] bytes;
        try (InputStream out = p.getInputStream()) {
            bytes = out.readNBytes(64 * 1024);
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failed(account, key + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
        } catch (SyncException e) {
            throw e;
        } catch (IOException e) {
            throw failed(account, "cannot read the output of " + key);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SyncException(
                    Status.CANCELLED, Scope.ACCOUNT, "account " + account + ": cancelled while reading the secret");
        }
        if (p.exitValue() != 0) {
            throw failed(account, key + " exited with status " + p.exitValue());
        }
        String value = new String(bytes, StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("")
                .strip();
        if (value.isEmpty()) {
            throw failed(account, key + " printed nothing");
        }
        return value;
    }

    private static SyncException failed(AccountId account, String what) {
        return new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, "account " + account + ": " + what);
    }
}
