package org.backsync.engine;

import java.time.Duration;
import org.backsync.FolderPath;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.ServerConfig;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapPushChannel;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.MailProvider;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;

/**
 * The production {@link Connector}: an account's {@code [imap]} settings become {@link ImapSettings} and a connection
 * from {@link ImapProvider}. XOAUTH2 when the secret is a token command, else AUTHENTICATE PLAIN; the pinned
 * certificate and connection cap come from the account. Thread-safe and stateless.
 */
public final class ImapConnector implements Connector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    public static final ImapConnector INSTANCE = new ImapConnector();

    @Override
    public MailProvider open(AccountConfig account, String secret) throws SyncException {
        return ImapProvider.open(settings(account, secret));
    }

    /** IDLE push on {@code folder} over its own connection ({@link ImapPushChannel}). */
    @Override
    public PushChannel openPush(AccountConfig account, String secret, FolderPath folder) throws SyncException {
        return ImapPushChannel.open(settings(account, secret), folder);
    }

    static ImapSettings settings(AccountConfig account, String secret) {
        ServerConfig imap = account.imap();
        return new ImapSettings(
                imap.host(),
                imap.port(),
                switch (imap.security()) {
                    case TLS -> ImapSettings.Security.TLS;
                    case STARTTLS -> ImapSettings.Security.STARTTLS;
                    case NONE -> ImapSettings.Security.NONE;
                },
                imap.secret().isOAuth2() ? ImapSettings.Auth.XOAUTH2 : ImapSettings.Auth.PLAIN,
                imap.user(),
                () -> secret,
                CONNECT_TIMEOUT,
                READ_TIMEOUT,
                Math.max(1, account.maxConnections()),
                imap.certificateSha256(),
                false, // the core turns a delete into a move to Trash itself (AccountSettings.deleteToTrash)
                imap.qresync());
    }
}
