package org.backsync.testing;

import org.backsync.spi.MessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class InMemoryMessageStoreTest implements MessageStoreContract {
    private MessageStore testSubject;

    @BeforeEach
    void open() {
        testSubject = new InMemoryMessageStore();
    }

    @AfterEach
    void close() {
        testSubject.close();
    }

    @Override
    public MessageStore testSubject() {
        return testSubject;
    }
}
