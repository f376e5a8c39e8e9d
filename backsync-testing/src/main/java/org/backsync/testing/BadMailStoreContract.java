package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MessageStore;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@link MessageStore} keeps malformed mail exactly as it came: each {@link BadMailCorpus} message, and a 50 MB
 * one, read back with the same size and SHA-256. An implementation's test implements this interface and returns a
 * fresh store from {@link #testSubject()} for every test.
 */
public interface BadMailStoreContract {
    MessageStore testSubject();

    @Test
    default void everyBadCorpusMessageIsStoredByteForByte() throws IOException {
        MessageStore store = testSubject();
        long folder = inbox(store);
        long uid = 1;

        for (BadMailCorpus.Sample sample : BadMailCorpus.all()) {
            long id = insert(store, folder, uid++, sample);

            RawMessage back = store.content(id).orElseThrow();
            assertThat(back.size()).as(sample.name()).isEqualTo(sample.message().size());
            assertThat(BadMailCorpus.sha256(back)).as(sample.name()).isEqualTo(sample.sha256());
            assertThat(store.message(id).orElseThrow().messageId())
                    .as(sample.name())
                    .isEqualTo(sample.messageId());
        }
    }

    @Test
    default void aFiftyMegabyteMessageIsStoredByteForByte(@TempDir Path dir) throws IOException {
        MessageStore store = testSubject();
        long folder = inbox(store);
        BadMailCorpus.Sample large = BadMailCorpus.writeLarge(dir.resolve("large.eml"), BadMailCorpus.LARGE_SIZE);

        long id = insert(store, folder, 1, large);

        RawMessage back = store.content(id).orElseThrow();
        assertThat(back.size()).isEqualTo(BadMailCorpus.LARGE_SIZE);
        assertThat(BadMailCorpus.sha256(back)).isEqualTo(large.sha256());
    }

    private static long inbox(MessageStore store) throws IOException {
        AccountId account = AccountId.of("corpus");
        return store.write(tx -> {
            tx.ensureAccount(account);
            return tx.addFolder(account, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE)
                    .id();
        });
    }

    private static long insert(MessageStore store, long folder, long uid, BadMailCorpus.Sample sample)
            throws IOException {
        NewMessage m = new NewMessage(
                Optional.of(new RemoteRef(folder, Uid.of(uid))),
                sample.messageId(),
                Instant.parse("2024-01-01T10:00:00Z"),
                sample.message().size(),
                Flags.NONE,
                Optional.of(Flags.NONE),
                Optional.empty(),
                false,
                sample.message());
        return store.write(tx -> tx.insertMessage(folder, m));
    }
}
