package org.backsync.engine;

import java.time.InstantSource;
import org.backsync.AccountId;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * Builds an {@link Engine} from a validated configuration: the SQLite store in {@code config.dataDir()}, the sync
 * core, and connections opened through a {@link Connector} with secrets from a {@link SecretSource}.
 */
public final class Backsync {
    private Backsync() {}

    /**
     * An engine whose connections go through {@code connector}.
     *
     * @throws SyncException {@code CORRUPT_STORE} when the store in the data folder cannot be opened or migrated
     */
    public static Engine newEngine(EngineConfig config, SecretSource secrets, Connector connector)
            throws SyncException {
        return newEngine(config, secrets, connector, InstantSource.system());
    }

    static Engine newEngine(EngineConfig config, SecretSource secrets, Connector connector, InstantSource clock)
            throws SyncException {
        SqliteMessageStore store = SqliteMessageStore.open(config.dataDir());
        AccountProviders providers = new AccountProviders(config.accounts(), secrets, connector);
        SmtpTransports transports = new SmtpTransports(config.accounts(), secrets);
        return new Engine(new Engine.Parts(config, store, providers, transports, clock));
    }

    /**
     * One authenticated connection for {@code account}, as a sync would open it (secret resolved now, folder filter
     * applied): what {@code backsync account test} uses. The caller closes it.
     *
     * @throws SyncException {@code LOGON_FAILED}, {@code NETWORK_ERROR}, ... as the connection fails
     */
    public static MailProvider connect(
            EngineConfig config, AccountId account, SecretSource secrets, Connector connector) throws SyncException {
        return new AccountProviders(config.accounts(), secrets, connector).open(account);
    }
}
