package org.backsync.web;

import java.util.Objects;

/**
 * Where the Send/Receive page listens. The default is the loopback address on a free port: the page controls syncs,
 * so another host should reach it only when the user says so, and the server then logs a warning at start.
 *
 * @param host a literal address or host name to bind, {@code 127.0.0.1} by default
 * @param port a TCP port, or 0 for a free one
 */
public record WebConfig(String host, int port) {
    public static final WebConfig LOOPBACK = new WebConfig("127.0.0.1", 0);

    public WebConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("web host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web port out of range: " + port);
        }
    }
}
