package org.backsync.store.sqlite;

import java.nio.file.Path;
import org.backsync.spi.MessageStore;
import org.backsync.testing.BadMailStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: the SQLite store keeps every malformed corpus message, and a 50 MB one, byte for byte. */
class SqliteBadMailTest implements BadMailStoreContract {
    @TempDir
    Path dir;

    private MessageStore testSubject;

    @BeforeEach
    void open() throws Exception {
        testSubject = SqliteMessageStore.open(dir.resolve("store"));
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
