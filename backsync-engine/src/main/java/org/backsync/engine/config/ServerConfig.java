package org.backsync.engine.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One server of an account: where it is, how the connection is protected and how we log in.
 *
 * @param certificateSha256 when present, exactly the certificate with this SHA-256 is trusted (a self-signed server);
 *     otherwise the usual certificate and host-name verification applies (CONTRACT 5.9)
 * @param qresync IMAP only: use QRESYNC where the server offers it (default); false is the per-server switch for a
 *     server whose QRESYNC misbehaves (CONDSTORE stays)
 */
public record ServerConfig(
        String host,
        int port,
        Security security,
        String user,
        Secret secret,
        Optional<String> certificateSha256,
        boolean qresync) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A server with QRESYNC used where offered. */
    public ServerConfig(
            String host, int port, Security security, String user, Secret secret, Optional<String> certificateSha256) {
        this(host, port, security, user, secret, certificateSha256, true);
    }

    public ServerConfig withQresync(boolean use) {
        return new ServerConfig(host, port, security, user, secret, certificateSha256, use);
    }
}
