package org.backsync.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated SMTP connection, ready for message transactions. Opening it runs, in order: connect (implicit TLS
 * for SMTPS), greeting, EHLO (HELO if EHLO is refused), STARTTLS and a second EHLO when required, then AUTH. No
 * credential is sent before TLS is up unless the settings say {@code NONE}, which only a loopback host may (RFC 8314,
 * CONTRACT 5.9).
 */
final class SmtpSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private final SmtpSettings settings;
    private final SmtpConnection connection;
    private final SmtpExtensions extensions;

    private SmtpSession(SmtpSettings settings, SmtpConnection connection, SmtpExtensions extensions) {
        this.settings = settings;
        this.connection = connection;
        this.extensions = extensions;
    }

    static SmtpSession open(SmtpSettings settings) throws SyncException {
        String host = settings.host();
        SmtpConnection connection;
        try {
            connection = SmtpConnection.open(settings);
        } catch (IOException e) {
            throw SmtpFailures.io(host, "connecting", e);
        }
        try {
            SmtpReply greeting = connection.readReply();
            if (greeting.code() != 220) {
                throw SmtpFailures.connectionReply(host, "the connection", greeting);
            }
            SmtpExtensions ext = hello(settings, connection);
            if (settings.security() == SmtpSettings.Security.STARTTLS) {
                ext = startTls(settings, connection, ext);
            }
            if (settings.auth().isPresent()) {
                authenticate(settings, connection, ext, settings.auth().get());
            }
            log.debug("SMTP session to {}:{} ready (tls={}, {})", host, settings.port(), connection.isTls(), ext);
            return new SmtpSession(settings, connection, ext);
        } catch (IOException e) {
            connection.close();
            throw SmtpFailures.io(host, "logging in", e);
        }
    }

    private static SmtpExtensions hello(SmtpSettings settings, SmtpConnection c) throws IOException {
        c.writeLine("EHLO " + settings.heloName(), "EHLO " + settings.heloName());
        SmtpReply reply = c.readReply();
        if (reply.code() == 250) {
            return SmtpExtensions.parse(reply.lines());
        }
        if (reply.code() == 421) {
            throw SmtpFailures.connectionReply(settings.host(), "EHLO", reply);
        }
        c.writeLine("HELO " + settings.heloName(), "HELO " + settings.heloName());
        SmtpReply helo = c.readReply();
        if (helo.code() != 250) {
            throw SmtpFailures.connectionReply(settings.host(), "HELO", helo);
        }
        return SmtpExtensions.NONE;
    }

    private static SmtpExtensions startTls(SmtpSettings settings, SmtpConnection c, SmtpExtensions ext)
            throws IOException {
        if (!ext.startTls()) {
            throw SmtpFailures.logon(settings.host(), "STARTTLS is required but the server does not offer it");
        }
        c.writeLine("STARTTLS", "STARTTLS");
        SmtpReply reply = c.readReply();
        if (reply.code() != 220) {
            throw SmtpFailures.logon(settings.host(), "STARTTLS refused: " + reply.text());
        }
        c.startTls();
        // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
        return hello(settings, c);
    }

    private static void authenticate(SmtpSettings settings, SmtpConnection c, SmtpExtensions ext, SmtpSettings.Auth a)
            throws IOException {
        String mechanism = a.mechanism().name();
        if (!ext.authMechanisms().contains(mechanism)) {
            throw SmtpFailures.logon(
                    settings.host(), "AUTH " + mechanism + " not offered (offered: " + ext.authMechanisms() + ")");
        }
        String secret = a.secret().get();
        SmtpReply reply = switch (a.mechanism()) {
            case PLAIN -> {
                c.writeLine("AUTH PLAIN " + b64("\0" + a.username() + "\0" + secret), "AUTH PLAIN ***");
                yield c.readReply();
            }
            case LOGIN -> login(c, a.username(), secret);
            case XOAUTH2 -> xoauth2(c, a.username(), secret);
        };
        if (reply.code() != 235) {
            throw SmtpFailures.authReply(settings.host(), mechanism, reply);
        }
    }

    private static SmtpReply login(SmtpConnection c, String user, String password) throws IOException {
        c.writeLine("AUTH LOGIN", "AUTH LOGIN");
        SmtpReply reply = c.readReply();
        if (reply.code() != 334) {
            return reply;
        }
        c.writeLine(b64(user), "***");
        reply = c.readReply();
        if (reply.code() != 334) {
            return reply;
        }
        c.writeLine(b64(password), "***");
        return c.readReply();
    }

    private static SmtpReply xoauth2(SmtpConnection c, String user, String token) throws IOException {
        c.writeLine("AUTH XOAUTH2 " + b64("user=" + user + "\1auth=Bearer " + token + "\1\1"), "AUTH XOAUTH2 ***");
        SmtpReply reply = c.readReply();
        if (reply.code() == 334) {
            // The server sent its error as a challenge; an empty answer gets the final 5xx (Google's XOAUTH2 doc).
            c.writeLine("", "");
            reply = c.readReply();
        }
        return reply;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    SmtpExtensions extensions() {
        return extensions;
    }

    SmtpConnection connection() {
        return connection;
    }

    SmtpSettings settings() {
        return settings;
    }

    /** RSET: ends a failed transaction, or checks that a kept connection still works. */
    boolean reset() {
        try {
            connection.writeLine("RSET", "RSET");
            return connection.readReply().code() == 250;
        } catch (IOException e) {
            log.debug("RSET to {} failed: {}", settings.host(), e.toString());
            return false;
        }
    }

    boolean isOpen() {
        return !connection.isClosed();
    }

    /** QUIT, without waiting long for the answer, then closes. Never throws. */
    @Override
    public void close() {
        if (!connection.isClosed()) {
            try {
                connection.writeLine("QUIT", "QUIT");
                connection.readReply();
            } catch (IOException e) {
                log.debug("QUIT to {}: {}", settings.host(), e.toString());
            }
        }
        connection.close();
    }
}
