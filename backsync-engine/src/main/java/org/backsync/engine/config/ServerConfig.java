package org.backsync.engine.config;

import java.util.Objects;

/**
 * One server of an account: where it is, how the connection is protected and how we log in.
 *
 * @param verifyCertificates false only when the file says so explicitly; every connect then logs a WARN (5.9)
 */
public record ServerConfig(
        String host, int port, Security security, String user, Secret secret, boolean verifyCertificates) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
