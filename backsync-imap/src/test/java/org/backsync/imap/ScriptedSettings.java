package org.backsync.imap;

import java.time.Duration;
import java.util.Optional;
import org.backsync.testing.ScriptedImapServer;

/** Provider settings for a {@link ScriptedImapServer}: LOGIN, 2-second timeouts, one connection, no QRESYNC switch. */
final class ScriptedSettings {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ScriptedSettings() {}

    static ImapSettings of(ScriptedImapServer server, String password) {
        ImapSettings s = ImapSettings.loopback(server.port(), "user", password);
        return new ImapSettings(
                s.host(),
                s.port(),
                s.security(),
                ImapSettings.Auth.LOGIN,
                s.user(),
                s.secret(),
                TIMEOUT,
                TIMEOUT,
                1,
                Optional.empty(),
                false);
    }
}
