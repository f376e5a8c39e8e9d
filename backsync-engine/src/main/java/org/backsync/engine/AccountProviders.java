package org.backsync.engine;

import java.util.Map;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.FolderFilter;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.MailProvider;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;

/**
 * The core's {@link MailProvider.Factory} for configured accounts: resolves the account's secret at each connect (so a
 * rotated password needs no restart; a failing password command is {@code LOGON_FAILED}), opens the connection
 * through the {@link Connector} and applies the account's folder filter. Push channels are opened the same way.
 */
final class AccountProviders implements MailProvider.Factory, PushChannel.Factory {
    private final Map<AccountId, AccountConfig> accounts;
    private final SecretSource secrets;
    private final Connector connector;

    AccountProviders(Map<AccountId, AccountConfig> accounts, SecretSource secrets, Connector connector) {
        this.accounts = Map.copyOf(accounts);
        this.secrets = secrets;
        this.connector = connector;
    }

    @Override
    public MailProvider open(AccountId account) throws SyncException {
        AccountConfig config = config(account);
        String secret = secrets.resolve(account, config.imap().secret());
        MailProvider p = connector.open(config, secret);
        return config.folders().equals(FolderFilter.ALL) ? p : new FilteredProvider(p, config.folders());
    }

    @Override
    public PushChannel open(AccountId account, FolderPath folder) throws SyncException {
        AccountConfig config = config(account);
        return connector.openPush(config, secrets.resolve(account, config.imap().secret()), folder);
    }

    private AccountConfig config(AccountId account) throws SyncException {
        AccountConfig config = accounts.get(account);
        if (config == null) {
            throw new SyncException(Status.NOT_FOUND, Scope.ACCOUNT, "account " + account + " is not configured");
        }
        return config;
    }
}
