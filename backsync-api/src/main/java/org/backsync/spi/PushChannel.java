package org.backsync.spi;

import java.time.Duration;
import org.backsync.AccountId;
import org.backsync.FolderPath;

/**
 * One IMAP connection idling on one folder (RFC 2177 IDLE), for push: the host learns that a folder changed without
 * polling (CONTRACT 5.5). Not thread-safe: one thread calls {@link #await}; only {@link #abort()} may be called from
 * another.
 *
 * <p><b>Watchdog.</b> Every {@link #await} ends IDLE with DONE after {@code cycle} at the latest and waits at most
 * {@code deadline} for the server's tagged OK. A server that does not answer in time is silent, maybe dead: the call
 * throws {@code TIMEOUT}. So a dead connection is noticed within {@code cycle + deadline}, and IDLE is re-issued at
 * least every {@code cycle} (the host keeps it well below RFC 2177's 29 minutes).
 *
 * <p><b>Failures</b> are at {@code ACCOUNT} scope: {@code TIMEOUT} (watchdog), {@code END_OF_SESSION} or {@code
 * NETWORK_ERROR} (connection lost: open a new channel), {@code LOGON_FAILED} (from {@link Factory#open}), {@code
 * NOT_FOUND} (the folder is gone), {@code CANCELLED} (after {@link #abort()}).
 */
public interface PushChannel extends AutoCloseable {
    /** Opens, logs in, selects {@code folder} (read-only) and is ready to idle. Thread-safe. */
    @FunctionalInterface
    interface Factory {
        PushChannel open(AccountId account, FolderPath folder) throws SyncException;
    }

    /**
     * Idles until the server reports a change in the folder (new message, expunge, flag change) and returns true, or
     * until {@code cycle} has passed with no change and the server confirmed DONE within {@code deadline}, and
     * returns false. Read-only: it never changes the server.
     */
    boolean await(Duration cycle, Duration deadline) throws SyncException;

    /** Breaks a blocked {@link #await} by closing the connection; it then throws {@code CANCELLED}. Never blocks. */
    void abort();

    /** Logs out and closes; never throws. */
    @Override
    void close();
}
