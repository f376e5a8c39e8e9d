package org.backsync.core;

import org.backsync.AccountId;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's connection to the server: opened lazily (a sync that needs no server opens none, R15/B24), published
 * to the job so that {@code cancel()} can abort a blocked call, and rebuilt after a transient failure (R20).
 *
 * <pre>
 * CLOSED --first use--> OPEN --transient failure--> CLOSED --backoff, reconnect--> OPEN   (at most MAX_ATTEMPTS)
 * any state --cancel--> every call throws CANCELLED
 * </pre>
 */
final class Connection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    static final int MAX_ATTEMPTS = 3;

    /** One server step; read-only unless journaled. */
    @FunctionalInterface
    interface Step<T> {
        T run(MailProvider provider) throws SyncException;
    }

    private final MailProvider.Factory factory;
    private final AccountId account;
    private final Backoff backoff;
    private final SyncJob job;
    private @Nullable MailProvider provider;
    /**
     * Steps that may have changed the server so far (journaled effects, nested syncs), counted across reconnects:
     * whatever the session read before one may be stale after it.
     */
    private long writes;

    Connection(MailProvider.Factory factory, AccountId account, Backoff backoff, SyncJob job) {
        this.factory = factory;
        this.account = account;
        this.backoff = backoff;
        this.job = job;
    }

    /** The open connection, opening it (with retries on transient failures) if needed. */
    MailProvider provider() throws SyncException {
        if (job.isCancelled()) {
            throw cancelled();
        }
        MailProvider p = provider;
        if (p != null) {
            return p;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                p = factory.open(account);
                break;
            } catch (SyncException e) {
                if (!e.isTransient() || attempt >= MAX_ATTEMPTS || job.isCancelled()) {
                    throw translate(e);
                }
                pause(attempt);
            }
        }
        provider = p;
        job.connection().set(p);
        if (job.isCancelled()) { // cancel() raced with open: it may have missed this connection
            p.abort();
            throw cancelled();
        }
        return p;
    }

    /** Counts a step that may change the server, before it is taken. */
    void noteServerChange() {
        writes++;
    }

    long writes() {
        return writes;
    }

    boolean isOpen() {
        return provider != null;
    }

    /** Runs a read-only step, reconnecting and retrying it after a transient failure (R20). */
    <T> T read(Step<T> step) throws SyncException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run(provider());
            } catch (SyncException e) {
                recover(e, attempt);
            }
        }
    }

    /**
     * Decides what a failed attempt means: rethrows it (translated) unless it is transient and attempts remain; then
     * closes the connection, waits and reconnects, so that the caller may retry.
     */
    void recover(SyncException e, int attempt) throws SyncException {
        if (job.isCancelled() || e.status() == Status.CANCELLED) {
            throw cancelled();
        }
        if (!e.isTransient()) {
            throw e;
        }
        closeQuietly();
        if (attempt >= MAX_ATTEMPTS) {
            throw new SyncException(
                    e.status(),
                    Scope.ACCOUNT,
                    "account " + account + ": connection lost and not " + "restored after " + attempt + " attempts: "
                            + e.getMessage(),
                    e.folder().orElse(null),
                    e);
        }
        log.debug("account {}: {} ({}); reconnecting, attempt {}", account, e.status(), e.getMessage(), attempt + 1);
        pause(attempt);
        provider();
    }

    SyncException cancelled() {
        return new SyncException(Status.CANCELLED, Scope.ACCOUNT, "sync of account " + account + " cancelled");
    }

    private SyncException translate(SyncException e) {
        if (job.isCancelled()) {
            return cancelled();
        }
        if (e.isTransient() && e.scope() != Scope.ACCOUNT) {
            return e.withScope(Scope.ACCOUNT, null);
        }
        return e;
    }

    private void pause(int attempt) throws SyncException {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
    }

    private void closeQuietly() {
        MailProvider p = provider;
        provider = null;
        job.connection().set(null);
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
