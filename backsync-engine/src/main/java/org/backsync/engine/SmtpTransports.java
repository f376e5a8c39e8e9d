package org.backsync.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.backsync.AccountId;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.core.outbox.ServerLimits;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.Secret;
import org.backsync.engine.config.SecretSource;
import org.backsync.engine.config.ServerConfig;
import org.backsync.smtp.SmtpSettings;
import org.backsync.smtp.SmtpTransport;
import org.backsync.spi.MailTransport;
import org.backsync.spi.SyncException;

/**
 * The Outbox's transports: one {@link SmtpTransport} per send pass, built from the account's {@code smtp} settings
 * with its secret resolved now. An account without {@code smtp}, or whose secret cannot be had, gets a transport whose
 * every send fails ({@code NOT_FOUND} or {@code LOGON_FAILED} at {@code ACCOUNT} scope), so its messages wait, visible.
 *
 * <p>It is also the Outbox's {@link ServerLimits.Source}: what each account's server advertised (SIZE, SMTPUTF8) on
 * the last connection a send made, so that later submissions it could never take are held with the reason at once.
 */
final class SmtpTransports implements Function<AccountId, MailTransport>, ServerLimits.Source {
    private final Map<AccountId, AccountConfig> accounts;
    private final SecretSource secrets;
    private final Map<AccountId, ServerLimits> learnt = new ConcurrentHashMap<>();

    SmtpTransports(Map<AccountId, AccountConfig> accounts, SecretSource secrets) {
        this.accounts = Map.copyOf(accounts);
        this.secrets = secrets;
    }

    @Override
    public MailTransport apply(AccountId account) {
        AccountConfig config = accounts.get(account);
        if (config == null || config.smtp().isEmpty()) {
            return failing(new SyncException(
                    Status.NOT_FOUND, Scope.ACCOUNT, "account " + account + " has no [smtp] settings to send with"));
        }
        ServerConfig s = config.smtp().get();
        try {
            String secret = secrets.resolve(account, s.secret());
            return learning(account, new SmtpTransport(settings(s, secret)));
        } catch (SyncException e) {
            return failing(e);
        }
    }

    @Override
    public Optional<ServerLimits> limits(AccountId account) {
        return Optional.ofNullable(learnt.get(account));
    }

    private MailTransport learning(AccountId account, SmtpTransport transport) {
        return new MailTransport() {
            @Override
            public List<RecipientOutcome> send(Envelope envelope, RawMessage message, DataCompleteHook hook)
                    throws SyncException {
                try {
                    return transport.send(envelope, message, hook);
                } finally {
                    transport
                            .lastExtensions()
                            .ifPresent(e -> learnt.put(account, new ServerLimits(e.maxSize(), e.smtpUtf8())));
                }
            }

            @Override
            public void close() {
                transport.close();
            }
        };
    }

    static SmtpSettings settings(ServerConfig s, String secret) {
        SmtpSettings.Mechanism mechanism = s.secret() instanceof Secret.OAuth2TokenCommand
                ? SmtpSettings.Mechanism.XOAUTH2
                : SmtpSettings.Mechanism.PLAIN;
        SmtpSettings.Security security = switch (s.security()) {
            case TLS -> SmtpSettings.Security.SMTPS;
            case STARTTLS -> SmtpSettings.Security.STARTTLS;
            case NONE -> SmtpSettings.Security.NONE;
        };
        SmtpSettings settings = SmtpSettings.of(
                s.host(), s.port(), security, Optional.of(new SmtpSettings.Auth(mechanism, s.user(), () -> secret)));
        return s.certificateSha256().map(settings::withPinnedSha256).orElse(settings);
    }

    private static MailTransport failing(SyncException failure) {
        return new MailTransport() {
            @Override
            public List<RecipientOutcome> send(Envelope envelope, RawMessage message, DataCompleteHook hook)
                    throws SyncException {
                throw failure;
            }

            @Override
            public void close() {}
        };
    }
}
