package org.backsync.engine;

import java.time.InstantSource;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.MessageStore;

/**
 * Builds the real {@link Engine} (scheduler, push, Outbox with SMTP and Sent copies) over a store the caller keeps,
 * so that a test process can make local changes through that store while the engine runs, as a mail client would.
 * The engine closes the store when it closes.
 */
public final class TestEngines {
    private TestEngines() {}

    public static Engine over(EngineConfig config, MessageStore store, SecretSource secrets) {
        AccountProviders providers = new AccountProviders(config.accounts(), secrets, ImapConnector.INSTANCE);
        SmtpTransports transports = new SmtpTransports(config.accounts(), secrets);
        return new Engine(new Engine.Parts(config, store, providers, transports, InstantSource.system()));
    }
}
