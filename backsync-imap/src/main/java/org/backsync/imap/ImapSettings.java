package org.backsync.imap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to reach and log in to one account's IMAP server. Validated at construction, immutable afterwards.
 *
 * <ul>
 *   <li>{@code security}: {@link Security#TLS} (implicit, port 993) or {@link Security#STARTTLS} (required, never
 *       optional); {@link Security#NONE} only for a loopback host (tests, a local bridge; CONTRACT 5.9).
 *   <li>{@code secret}: the password, or the OAuth 2 access token for {@link Auth#XOAUTH2}; asked for at each login,
 *       so a token command can refresh it. Never logged, never in {@link #toString()}.
 *   <li>{@code pinnedSha256}: the SHA-256 of a self-signed server certificate (64 hex digits, colons allowed); when
 *       set, exactly that certificate is trusted and host-name checking is off.
 *   <li>{@code trashOnDelete}: {@code delete} moves to the special-use Trash folder instead of expunging.
 *   <li>{@code spoolDir}, {@code spoolThreshold}: a message larger than the threshold is fetched into a file in the
 *       folder (default {@code java.io.tmpdir}) instead of memory, and so is the rest of a batch once it holds 16 MB;
 *       the file is deleted once the message is stored.
 *   <li>{@code maxConnections}: connections one sync may open to the server (the bulk download uses them all).
 *   <li>{@code qresync}: use QRESYNC when the server offers it (default); off is the per-server switch for a server
 *       whose QRESYNC misbehaves, leaving CONDSTORE (CHANGEDSINCE plus a UID SEARCH for expunges).
 * </ul>
 */
public record ImapSettings(
        String host,
        int port,
        Security security,
        Auth auth,
        String user,
        Supplier<String> secret,
        Duration connectTimeout,
        Duration readTimeout,
        int maxConnections,
        Optional<String> pinnedSha256,
        boolean trashOnDelete,
        boolean qresync,
        Optional<Path> spoolDir,
        long spoolThreshold) {

    /** Messages above this size are fetched into a spool file rather than into memory (8 MB). */
    public static final long DEFAULT_SPOOL_THRESHOLD = 8L << 20;

    public enum Security {
        TLS,
        STARTTLS,
        NONE
    }

    public enum Auth {
        PLAIN,
        LOGIN,
        XOAUTH2
    }

    public ImapSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(pinnedSha256, "pinnedSha256");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (spoolThreshold < 0) {
            throw new IllegalArgumentException("spoolThreshold < 0: " + spoolThreshold);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "timeouts must be positive: connect=" + connectTimeout + " read=" + readTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
        }
        if (security == Security.NONE && !isLoopback(host)) {
            throw new IllegalArgumentException("security NONE is allowed only for a loopback host, not " + host);
        }
        pinnedSha256 = pinnedSha256.map(ImapSettings::normalizeFingerprint);
    }

    /** Settings with QRESYNC used where offered. */
    public ImapSettings(
            String host,
            int port,
            Security security,
            Auth auth,
            String user,
            Supplier<String> secret,
            Duration connectTimeout,
            Duration readTimeout,
            int maxConnections,
            Optional<String> pinnedSha256,
            boolean trashOnDelete) {
        this(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                true);
    }

    /** Settings spooling messages above {@link #DEFAULT_SPOOL_THRESHOLD} to the JVM's temporary folder. */
    public ImapSettings(
            String host,
            int port,
            Security security,
            Auth auth,
            String user,
            Supplier<String> secret,
            Duration connectTimeout,
            Duration readTimeout,
            int maxConnections,
            Optional<String> pinnedSha256,
            boolean trashOnDelete,
            boolean qresync) {
        this(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                qresync,
                Optional.empty(),
                DEFAULT_SPOOL_THRESHOLD);
    }

    /** Loopback plain-text settings for tests and local bridges: PLAIN auth, 10 s timeouts, two connections. */
    public static ImapSettings loopback(int port, String user, String password) {
        return new ImapSettings(
                "127.0.0.1",
                port,
                Security.NONE,
                Auth.PLAIN,
                user,
                () -> password,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                2,
                Optional.empty(),
                false);
    }

    public ImapSettings withSecurity(Security newSecurity, int newPort) {
        return new ImapSettings(
                host,
                newPort,
                newSecurity,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                qresync,
                spoolDir,
                spoolThreshold);
    }

    public ImapSettings withPinnedSha256(String fingerprint) {
        return new ImapSettings(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                Optional.of(fingerprint),
                trashOnDelete,
                qresync,
                spoolDir,
                spoolThreshold);
    }

    public ImapSettings withTrashOnDelete(boolean trash) {
        return new ImapSettings(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trash,
                qresync,
                spoolDir,
                spoolThreshold);
    }

    public ImapSettings withQresync(boolean use) {
        return new ImapSettings(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                use,
                spoolDir,
                spoolThreshold);
    }

    public ImapSettings withReadTimeout(Duration timeout) {
        return new ImapSettings(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                timeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                qresync,
                spoolDir,
                spoolThreshold);
    }

    /** Messages above {@code threshold} bytes are fetched into files in {@code dir} (deleted once stored). */
    public ImapSettings withSpool(Path dir, long threshold) {
        return new ImapSettings(
                host,
                port,
                security,
                auth,
                user,
                secret,
                connectTimeout,
                readTimeout,
                maxConnections,
                pinnedSha256,
                trashOnDelete,
                qresync,
                Optional.of(dir),
                threshold);
    }

    /** Where spool files go: {@link #spoolDir()}, else {@code java.io.tmpdir}. */
    Path spoolDirectory() {
        return spoolDir.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public String toString() {
        return "ImapSettings[" + user + "@" + host + ":" + port + " " + security + " " + auth + "]";
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: never resolved here, so "none" cannot be smuggled through DNS
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalizeFingerprint(String hex) {
        String digits = hex.replace(":", "").toLowerCase(Locale.ROOT);
        if (digits.length() != 64) {
            throw new IllegalArgumentException("SHA-256 fingerprint needs 64 hex digits: " + hex);
        }
        HexFormat.of().parseHex(digits);
        return digits;
    }
}
