package org.backsync.cli;

import org.backsync.AccountId;
import org.backsync.engine.Backsync;
import org.backsync.engine.Connector;
import org.backsync.engine.Engine;
import org.backsync.engine.ImapConnector;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.SyncException;

/** Opens the engine for a command, and checks account names given on the command line. */
final class Hosts {
    private Hosts() {}

    static Engine open(EngineConfig config) throws SyncException {
        return open(config, SecretSource.system(), ImapConnector.INSTANCE);
    }

    static Engine open(EngineConfig config, SecretSource secrets, Connector connector) throws SyncException {
        return Backsync.newEngine(config, secrets, connector);
    }

    static AccountId account(EngineConfig config, String name) throws Syntax.UsageException {
        AccountId id;
        try {
            id = AccountId.of(name);
        } catch (IllegalArgumentException e) {
            throw new Syntax.UsageException("invalid account name: " + name);
        }
        if (!config.accounts().containsKey(id)) {
            throw new Syntax.UsageException("no account \"" + name + "\" in the configuration (known: "
                    + config.accounts().keySet() + ")");
        }
        return id;
    }
}
