package org.backsync.engine;

import java.time.Duration;
import org.backsync.FolderPath;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.ServerConfig;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapPushChannel;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.MailProvider;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;

/** The production {@link Connector}: the IMAP module's provider and IDLE channel, from an account's settings. */
public final class ImapConnector implements Connector {
    public static final ImapConnector INSTANCE = new ImapConnector();

    private ImapConnector() {}

    @Override
    public MailProvider open(AccountConfig account, String secret) throws SyncException {
        return ImapProvider.open(settings(account, secret));
    }

    @Override
    public PushChannel openPush(AccountConfig account, String secret, FolderPath folder) throws SyncException {
        return ImapPushChannel.open(settings(account, secret), folder);
    }

    static ImapSettings settings(AccountConfig account, String secret) {
        ServerConfig s = account.imap();
        ImapSettings.Security security = switch (s.security()) {
            case TLS -> ImapSettings.Security.TLS;
            case STARTTLS -> ImapSettings.Security.STARTTLS;
            case NONE -> ImapSettings.Security.NONE;
        };
        ImapSettings.Auth auth =
                s.secret() instanceof Secret.OAuth2TokenCommand ? ImapSettings.Auth.XOAUTH2 : ImapSettings.Auth.PLAIN;
        ImapSettings settings = new ImapSettings(
                s.host(),
                s.port(),
                security,
                auth,
                s.user(),
                () -> secret,
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                account.maxConnections(),
                java.util.Optional.empty(),
                account.deleteToTrash());
        return s.certificateSha256().map(settings::withPinnedSha256).orElse(settings);
    }
}
