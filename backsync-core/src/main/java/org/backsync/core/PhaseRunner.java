package org.backsync.core;

import org.backsync.spi.SyncException;

/**
 * One phase of a sync: no threads and no retries of its own; it reports through the context and throws a {@link
 * SyncException} only for what ends the sync ({@code ACCOUNT} scope or cancel).
 */
@FunctionalInterface
interface PhaseRunner {
    void run(SessionContext ctx) throws SyncException;
}
