package org.backsync.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB message goes in and out as a stream: neither the writer thread nor a reader allocates its size. */
class SqliteLargeMessageTest {
    private static final int SIZE = 50 * 1024 * 1024;
    private static final long HEAP_BOUND = 8L * 1024 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private static byte[] writeRandom(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(50);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
                sha.update(chunk);
            }
        }
        return sha.digest();
    }

    @Test
    void fiftyMegabyteMessageIsStreamedInAndOutWithoutLandingInTheHeap() throws Exception {
        Path file = dir.resolve("big.eml");
        byte[] expected = writeRandom(file);
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store"))) {
            long folder = store.write(tx -> tx.addFolder(
                            AccountId.of("alice"), FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE))
                    .id();
            Thread writer = store.write(tx -> Thread.currentThread());
            long writerBefore = THREADS.getThreadAllocatedBytes(writer.threadId());

            long id = store.write(tx -> tx.insertMessage(
                    folder, NewMessage.local(Optional.empty(), Instant.EPOCH, Flags.NONE, RawMessage.of(file))));
            long writerAllocated = THREADS.getThreadAllocatedBytes(writer.threadId()) - writerBefore;

            long readerBefore = THREADS.getCurrentThreadAllocatedBytes();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            RawMessage stored = store.content(id).orElseThrow();
            try (InputStream in = stored.open()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sha.update(buffer, 0, n);
                }
            }
            long readerAllocated = THREADS.getCurrentThreadAllocatedBytes() - readerBefore;

            assertThat(stored.size()).isEqualTo(SIZE);
            assertThat(sha.digest()).isEqualTo(expected);
            assertThat(writerAllocated)
                    .as("bytes allocated by the writer thread")
                    .isLessThan(HEAP_BOUND);
            assertThat(readerAllocated).as("bytes allocated while reading").isLessThan(HEAP_BOUND);
        }
    }
}
