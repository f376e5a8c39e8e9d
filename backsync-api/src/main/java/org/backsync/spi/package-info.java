/**
 * The provider and store SPI: what the sync core needs from a mail server ({@link org.backsync.spi.MailProvider}),
 * from the local store ({@link org.backsync.spi.MessageStore}) and from a mail transport ({@link
 * org.backsync.spi.MailTransport}). Every failure crosses this boundary as a {@link org.backsync.spi.SyncException}
 * carrying a {@link org.backsync.Status} and a {@link org.backsync.Scope}.
 */
@NullMarked
package org.backsync.spi;

import org.jspecify.annotations.NullMarked;
