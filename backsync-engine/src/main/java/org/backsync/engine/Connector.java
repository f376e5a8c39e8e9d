package org.backsync.engine;

import org.backsync.engine.config.AccountConfig;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;

/**
 * Opens one authenticated IMAP connection for a configured account, given its secret (password or OAuth2 token)
 * resolved just before. The IMAP module's provider in production; a fake server in tests. Thread-safe.
 */
@FunctionalInterface
public interface Connector {
    MailProvider open(AccountConfig account, String secret) throws SyncException;
}
