package org.backsync.spi;

/**
 * The local store: folders, messages, sync state, journal and Outbox. Thread-safe; one writer at a time, and readers
 * that never wait for it (the web page and the CLI read while a sync writes).
 *
 * <p><b>Transactions.</b> {@link #write} runs {@code work} in one transaction: if it returns, everything it did is
 * committed and durable; if it throws, nothing it did is visible. Transactions are serialized. {@code work} must not
 * do network I/O or call listeners (R7), and must not call {@link #write} again.
 *
 * <p><b>Failures.</b> {@code CORRUPT_STORE} at {@code ACCOUNT} scope when the store fails its integrity or schema
 * check (a store written by a newer version is refused and left untouched), or cannot be written.
 */
public interface MessageStore extends StoreReader, AutoCloseable {
    /** Work done inside one write transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(StoreTransaction tx) throws SyncException;
    }

    /** Runs {@code work} in one transaction and returns its result; see the class comment. */
    <T> T write(Work<T> work) throws SyncException;

    /** True while the current thread is inside {@link #write}: lets tests check R7. */
    boolean inTransaction();

    @Override
    void close();
}
