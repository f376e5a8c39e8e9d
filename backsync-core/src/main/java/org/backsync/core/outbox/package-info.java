/**
 * The local Outbox (CONTRACT 6): {@link org.backsync.core.outbox.LocalOutbox} validates and stores submitted
 * messages, and {@link org.backsync.core.outbox.OutboxSender} sends them through a {@link
 * org.backsync.spi.MailTransport} with the duplicate-safe protocol of 6.3, then puts one copy in Sent (6.4) through a
 * {@link org.backsync.core.outbox.SentFolder}. A sync never sends.
 */
@NullMarked
package org.backsync.core.outbox;

import org.jspecify.annotations.NullMarked;
