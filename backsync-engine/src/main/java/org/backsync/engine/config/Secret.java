package org.backsync.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * Where a password or OAuth2 token comes from; never the secret itself, so a config file holds no secret in clear.
 * {@link SecretSource} turns it into the value when a connection is opened, so a rotated password needs no restart.
 * {@code toString} names the source, never a value.
 */
public sealed interface Secret {
    /** A password printed by a command (first line of its standard output), like mbsync's {@code PassCmd}. */
    record PasswordCommand(List<String> argv) implements Secret {
        public PasswordCommand {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("password command is empty");
            }
        }
    }

    /** A password held in an environment variable. */
    record PasswordEnv(String variable) implements Secret {
        public PasswordEnv {
            Objects.requireNonNull(variable, "variable");
        }
    }

    /** An OAuth2 access token printed by a command, used with SASL XOAUTH2. */
    record OAuth2TokenCommand(List<String> argv) implements Secret {
        public OAuth2TokenCommand {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("token command is empty");
            }
        }
    }

    default boolean isOAuth2() {
        return this instanceof OAuth2TokenCommand;
    }
}
