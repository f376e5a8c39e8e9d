package org.backsync.testing;

import org.backsync.spi.MessageStore;

/**
 * The behaviour every {@link MessageStore} must show, as JUnit 5 {@code default @Test} methods grouped by concern:
 * folders ({@link MessageStoreFolderContract}), messages ({@link MessageStoreMessageContract}), targeted reads ({@link
 * MessageStoreQueryContract}), journal, Outbox and
 * leases ({@link MessageStoreJournalContract}), transactions and content ({@link MessageStoreTransactionContract}).
 *
 * <p>An implementation's test class implements this interface and returns a fresh, empty store from {@link
 * #testSubject()} for every test (created in a {@code @BeforeEach}, closed in an {@code @AfterEach}). Only the public
 * SPI is used, so a store that passes can stand in for any other in the core's tests.
 */
public interface MessageStoreContract
        extends MessageStoreFolderContract,
                MessageStoreMessageContract,
                MessageStoreQueryContract,
                MessageStoreJournalContract,
                MessageStoreTransactionContract {
    @Override
    MessageStore testSubject();
}
