package org.backsync.spi;

import java.util.List;

/**
 * Receives fetched messages one batch at a time, on the thread that called the fetch. A batch is bounded by count and
 * by bytes (CONTRACT 5.8). The contents of a batch are valid until {@link #accept} returns; a file-backed content is
 * deleted by the provider afterwards, so the sink stores or copies what it keeps before returning.
 */
@FunctionalInterface
public interface BatchSink {
    /**
     * Takes one batch, typically writing it to the store in one transaction.
     *
     * @throws SyncException to stop the fetch; the provider rethrows it unchanged
     */
    void accept(List<FetchedMessage> batch) throws SyncException;
}
