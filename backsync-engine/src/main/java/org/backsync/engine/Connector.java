package org.backsync.engine;

import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.engine.config.AccountConfig;
import org.backsync.spi.MailProvider;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;

/**
 * Opens connections for a configured account, given its secret (password or OAuth2 token) resolved just before: the
 * IMAP module's provider and IDLE channel in production, a fake server in tests. Thread-safe.
 */
@FunctionalInterface
public interface Connector {
    MailProvider open(AccountConfig account, String secret) throws SyncException;

    /** An IDLE channel on {@code folder}; a connector without push says so with {@code NOT_FOUND}. */
    default PushChannel openPush(AccountConfig account, String secret, FolderPath folder) throws SyncException {
        throw new SyncException(Status.NOT_FOUND, Scope.ACCOUNT, "account " + account.id() + ": push is not available");
    }
}
