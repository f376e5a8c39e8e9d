package org.backsync.engine.config;

/**
 * A configuration file that cannot be used. The message is one line for a person: the file, the key (as a dotted TOML
 * path), the value found and what was expected. It never holds a secret: values of secret-bearing keys are not
 * echoed.
 */
public final class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The dotted TOML path of the offending key, for example {@code accounts.work.imap.port}; empty for the file. */
    public String key() {
        return key;
    }
}
