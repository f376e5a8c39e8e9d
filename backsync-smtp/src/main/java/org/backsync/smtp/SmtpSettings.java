package org.backsync.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to reach and log in to one account's submission server. Validated when built; immutable.
 *
 * <ul>
 *   <li>{@code security}: {@link Security#SMTPS} (implicit TLS, port 465), {@link Security#STARTTLS} (port 587, the
 *       upgrade is required: a server that does not offer it fails with {@code LOGON_FAILED} before any credentials
 *       are sent) or {@link Security#NONE}, allowed only for a loopback host (CONTRACT 5.9).
 *   <li>{@code auth}: empty for an open relay on loopback (tests); otherwise a mechanism and a secret supplier that
 *       is asked once per connection, so a rotated OAuth token is picked up by the next connection.
 *   <li>{@code pinnedSha256}: when present, the server certificate is trusted if and only if the SHA-256 of its
 *       encoded leaf certificate equals this value (a self-signed bridge); otherwise the JDK trust store and host-name
 *       verification decide.
 *   <li>Timeouts are always set; none is infinite.
 * </ul>
 */
public record SmtpSettings(
        String host,
        int port,
        Security security,
        Optional<Auth> auth,
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        Optional<String> pinnedSha256,
        String heloName) {

    public enum Security {
        SMTPS,
        STARTTLS,
        NONE
    }

    public enum Mechanism {
        PLAIN,
        LOGIN,
        XOAUTH2
    }

    /** Credentials; {@code secret} is a password for PLAIN/LOGIN and an access token for XOAUTH2. Never logged. */
    public record Auth(Mechanism mechanism, String username, Supplier<String> secret) {
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Auth[" + mechanism + " " + username + "]";
        }
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMinutes(2);

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(pinnedSha256, "pinnedSha256");
        Objects.requireNonNull(heloName, "heloName");
        if (host.isBlank()) {
            throw new IllegalArgumentException("blank host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        requirePositive("writeTimeout", writeTimeout);
        if (security == Security.NONE && !isLoopback(host)) {
            throw new IllegalArgumentException("security NONE is allowed only on a loopback host, not " + host);
        }
        pinnedSha256 = pinnedSha256.map(SmtpSettings::normalizeFingerprint);
        if (heloName.isBlank() || heloName.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("invalid HELO name: \"" + heloName + "\"");
        }
    }

    /** Settings with the default timeouts, no pin and {@code localhost} as the EHLO name. */
    public static SmtpSettings of(String host, int port, Security security, Optional<Auth> auth) {
        return new SmtpSettings(
                host,
                port,
                security,
                auth,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_WRITE_TIMEOUT,
                Optional.empty(),
                "localhost");
    }

    public SmtpSettings withTimeouts(Duration connect, Duration read, Duration write) {
        return new SmtpSettings(host, port, security, auth, connect, read, write, pinnedSha256, heloName);
    }

    public SmtpSettings withPinnedSha256(String fingerprint) {
        return new SmtpSettings(
                host,
                port,
                security,
                auth,
                connectTimeout,
                readTimeout,
                writeTimeout,
                Optional.of(fingerprint),
                heloName);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** A name or literal that resolves to loopback without a DNS query: localhost, 127.0.0.0/8, ::1. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalizeFingerprint(String fp) {
        String hex = fp.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("pinnedSha256 is not a SHA-256 fingerprint: " + fp);
        }
        return HexFormat.of().formatHex(HexFormat.of().parseHex(hex));
    }
}
