/**
 * The sync core: {@link org.backsync.core.SyncEngine} (the background synchronizer, its per-account queues and the
 * listener rules), {@link org.backsync.core.SyncSession} (the phase pipeline) and {@link org.backsync.core.Journal}
 * (intent before effect, ack then clear). It sees only the API and the SPI: no IMAP library, no SQLite.
 */
@NullMarked
package org.backsync.core;

import org.jspecify.annotations.NullMarked;
