package org.backsync.imap;

import java.security.GeneralSecurityException;
import java.util.Properties;

/**
 * The one place that writes Angus's {@code mail.imap.*} / {@code mail.imaps.*} keys (STYLE 4). Every value is chosen
 * here on purpose: peek on (the default would set \Seen, B47), finite timeouts (the defaults are infinite), STARTTLS
 * required when asked for, host-name checking on unless a certificate is pinned, and socket factories that let
 * {@code abort()} close the connection.
 */
final class ImapProperties {
    /**
     * Angus traces the whole wire, message literals included, to this java.util.logging logger whenever FINEST is
     * enabled, and a host that bridges JUL at TRACE would then log every message body (issue 10, SecretsInLogsIT).
     * Pinned above FINEST here; held in a static field so that JUL keeps the level.
     */
    private static final java.util.logging.Logger ANGUS_WIRE = pinWireLogger();

    private ImapProperties() {}

    private static java.util.logging.Logger pinWireLogger() {
        java.util.logging.Logger wire = java.util.logging.Logger.getLogger("org.eclipse.angus.mail.imap.protocol");
        wire.setLevel(java.util.logging.Level.FINE);
        return wire;
    }

    static String protocol(ImapSettings s) {
        return s.security() == ImapSettings.Security.TLS ? "imaps" : "imap";
    }

    static Properties of(ImapSettings s, AbortableSockets sockets) throws GeneralSecurityException {
        if (ANGUS_WIRE.isLoggable(java.util.logging.Level.FINEST)) {
            ANGUS_WIRE.setLevel(java.util.logging.Level.FINE); // someone lowered it since: pin it again
        }
        String proto = protocol(s);
        String p = "mail." + proto + ".";
        Properties props = new Properties();
        props.put("mail.store.protocol", proto);
        props.put(p + "host", s.host());
        props.put(p + "port", Integer.toString(s.port()));
        props.put(p + "user", s.user());
        props.put(p + "connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        props.put(p + "timeout", Long.toString(s.readTimeout().toMillis()));
        props.put(p + "writetimeout", Long.toString(s.readTimeout().toMillis()));
        props.put(p + "peek", "true");
        props.put(p + "partialfetch", "false");
        // One connection per provider: folders are never opened through Angus, commands run on the store connection.
        props.put(p + "connectionpoolsize", "1");
        props.put(p + "separatestoreconnection", "false");
        props.put(p + "auth.mechanisms", s.auth().name());
        props.put(p + "auth.plain.disable", Boolean.toString(s.auth() != ImapSettings.Auth.PLAIN));
        props.put(p + "auth.login.disable", Boolean.toString(s.auth() != ImapSettings.Auth.LOGIN));
        props.put(p + "auth.xoauth2.disable", Boolean.toString(s.auth() != ImapSettings.Auth.XOAUTH2));
        props.put(p + "socketFactory.fallback", "false");
        switch (s.security()) {
            case TLS -> {
                props.put(p + "ssl.enable", "true");
                props.put(p + "ssl.socketFactory", sockets.tls(s.pinnedSha256()));
                props.put(
                        p + "ssl.checkserveridentity",
                        Boolean.toString(s.pinnedSha256().isEmpty()));
            }
            case STARTTLS -> {
                props.put(p + "socketFactory", sockets.plain());
                props.put(p + "starttls.enable", "true");
                props.put(p + "starttls.required", "true");
                props.put(p + "ssl.socketFactory", sockets.tls(s.pinnedSha256()));
                props.put(
                        p + "ssl.checkserveridentity",
                        Boolean.toString(s.pinnedSha256().isEmpty()));
            }
            case NONE -> {
                props.put(p + "socketFactory", sockets.plain());
                props.put(p + "starttls.enable", "false");
            }
        }
        return props;
    }
}
