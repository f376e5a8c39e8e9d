package org.backsync.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backsync.testing.StoreSamples.ALICE;
import static org.backsync.testing.StoreSamples.T0;
import static org.backsync.testing.StoreSamples.downloaded;
import static org.backsync.testing.StoreSamples.inBackground;
import static org.backsync.testing.StoreSamples.insertDownloaded;
import static org.backsync.testing.StoreSamples.insertLocal;
import static org.backsync.testing.StoreSamples.read;
import static org.backsync.testing.StoreSamples.serverFolder;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MessageStore;
import org.backsync.spi.NewMessage;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transaction and content part of {@link MessageStoreContract}: atomicity, isolation, threads, exact bytes. */
public interface MessageStoreTransactionContract {
    /** A fresh, empty store for the current test; the implementing class closes it afterwards. */
    MessageStore testSubject();

    @Test
    default void writeReturnsTheResultOfItsWork() throws Exception {
        MessageStore store = testSubject();

        String result = store.write(tx -> "done");

        assertThat(result).isEqualTo("done");
    }

    @Test
    default void workThatThrowsASyncExceptionLeavesNothingVisible() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long kept = insertDownloaded(store, inbox, 1, Flags.NONE);
        SyncException failure = new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "gone");

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.insertMessage(inbox, downloaded(inbox, 2, Flags.NONE));
                    tx.setFlags(kept, Flags.of(Flags.SEEN));
                    tx.addFolder(ALICE, FolderPath.of("New"), Optional.empty(), true, LocalFolder.Pending.CREATE);
                    throw failure;
                }))
                .isSameAs(failure);

        assertThat(store.messages(inbox)).extracting(LocalMessage::localId).containsExactly(kept);
        assertThat(store.message(kept).orElseThrow().flags()).isEqualTo(Flags.NONE);
        assertThat(store.folders(ALICE)).hasSize(1);
    }

    @Test
    default void workThatThrowsAnUncheckedExceptionIsRolledBackAndRethrown() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.insertMessage(inbox, downloaded(inbox, 2, Flags.NONE));
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug");

        assertThat(store.messages(inbox)).isEmpty();
        long retried = store.write(tx -> tx.insertMessage(inbox, downloaded(inbox, 2, Flags.NONE)));
        assertThat(store.message(retried)).isPresent();
    }

    @Test
    default void aFailedStepInsideTheWorkRollsBackEarlierSteps() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.insertMessage(inbox, downloaded(inbox, 1, Flags.NONE));
                    tx.removeMessage(987654);
                    return null;
                }))
                .isInstanceOf(SyncException.class);

        assertThat(store.messages(inbox)).isEmpty();
    }

    @Test
    default void transactionSeesItsOwnChangesBeforeCommit() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();

        List<LocalMessage> seen = store.write(tx -> {
            long id = tx.insertMessage(inbox, downloaded(inbox, 1, Flags.NONE));
            tx.setFlags(id, Flags.of(Flags.SEEN));
            return tx.messages(inbox);
        });

        assertThat(seen).singleElement().satisfies(m -> assertThat(m.flags()).isEqualTo(Flags.of(Flags.SEEN)));
    }

    @Test
    default void inTransactionIsTrueOnlyForTheWritingWork() throws Exception {
        MessageStore store = testSubject();
        AtomicReference<Boolean> otherThread = new AtomicReference<>();

        boolean inside = store.write(tx -> {
            FutureTask<Boolean> probe = inBackground(store::inTransaction);
            try {
                otherThread.set(probe.get(10, SECONDS));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return store.inTransaction();
        });

        assertThat(inside).isTrue();
        assertThat(otherThread.get()).isFalse();
        assertThat(store.inTransaction()).isFalse();
    }

    @Test
    default void transactionCannotBeUsedAfterWriteReturns() throws Exception {
        MessageStore store = testSubject();

        StoreTransaction escaped = store.write(tx -> tx);

        assertThatThrownBy(() -> escaped.ensureAccount(ALICE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    default void writeInsideWriteIsRefused() throws Exception {
        MessageStore store = testSubject();

        assertThatThrownBy(() -> store.write(tx -> store.write(inner -> "nested")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    default void readerDuringALongWriteSeesTheOldStateWithoutWaiting() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        long kept = insertDownloaded(store, inbox, 1, Flags.NONE);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        FutureTask<Long> writer = inBackground(() -> store.write(tx -> {
            long id = tx.insertMessage(inbox, downloaded(inbox, 2, Flags.NONE));
            tx.setFlags(kept, Flags.of(Flags.SEEN));
            written.countDown();
            awaitOrFail(release);
            return id;
        }));
        awaitOrFail(written);
        List<LocalMessage> during = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> store.messages(inbox));
        release.countDown();
        long added = writer.get(10, SECONDS);

        assertThat(during).extracting(LocalMessage::localId).containsExactly(kept);
        assertThat(during.get(0).flags()).isEqualTo(Flags.NONE);
        assertThat(store.messages(inbox)).extracting(LocalMessage::localId).containsExactly(kept, added);
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(10, SECONDS)) {
                throw new AssertionError("timed out after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    default void concurrentWritersAreSerializedAndAllCommit() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        List<FutureTask<Void>> writers = new ArrayList<>();

        for (int w = 0; w < 4; w++) {
            int base = w * 100;
            writers.add(inBackground(() -> {
                for (int i = 1; i <= 20; i++) {
                    int uid = base + i;
                    store.write(tx -> tx.insertMessage(inbox, downloaded(inbox, uid, Flags.NONE)));
                }
                return null;
            }));
        }
        for (FutureTask<Void> w : writers) {
            w.get(30, SECONDS);
        }

        List<LocalMessage> all = store.messages(inbox);
        assertThat(all).hasSize(80);
        assertThat(new HashSet<>(all.stream().map(LocalMessage::localId).toList()))
                .hasSize(80);
    }

    @Test
    default void contentIsKeptByteForByteWithEightBitNulAndBareLineEnds() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        byte[] odd = new byte[256 + 12];
        for (int i = 0; i < 256; i++) {
            odd[i] = (byte) i;
        }
        System.arraycopy("a\rb\nc\r\n\n\r\0.\r\n".getBytes(ISO_8859_1), 0, odd, 256, 12);

        long id = insertLocal(store, inbox, odd);

        assertThat(read(store.content(id).orElseThrow())).isEqualTo(odd);
        assertThat(store.content(id).orElseThrow().size()).isEqualTo(odd.length);
    }

    @Test
    default void contentWrittenInATransactionCanBeReadInIt() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        byte[] first = StoreSamples.mail("first");
        byte[] second = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(second);

        List<byte[]> seen = store.write(tx -> {
            long a = tx.insertMessage(inbox, NewMessage.local(Optional.empty(), T0, Flags.NONE, RawMessage.of(first)));
            long b = tx.insertMessage(inbox, NewMessage.local(Optional.empty(), T0, Flags.NONE, RawMessage.of(second)));
            return List.of(read(tx.content(a).orElseThrow()), read(tx.content(b).orElseThrow()));
        });

        assertThat(seen.get(0)).isEqualTo(first);
        assertThat(seen.get(1)).isEqualTo(second);
    }

    @Test
    default void emptyContentRoundTrips() throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();

        long id = insertLocal(store, inbox, new byte[0]);

        assertThat(read(store.content(id).orElseThrow())).isEmpty();
    }

    @Test
    default void fileBackedContentIsCopiedBeforeInsertReturns(@TempDir Path dir) throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        Path file = dir.resolve("staged.eml");
        Files.write(file, StoreSamples.mail("staged"));

        long id = store.write(
                tx -> tx.insertMessage(inbox, NewMessage.local(Optional.empty(), T0, Flags.NONE, RawMessage.of(file))));
        Files.delete(file);

        assertThat(read(store.content(id).orElseThrow())).isEqualTo(StoreSamples.mail("staged"));
    }

    @Test
    default void largeContentStreamsInAndOutUnchanged(@TempDir Path dir) throws Exception {
        MessageStore store = testSubject();
        long inbox = serverFolder(store, "INBOX").id();
        Path file = dir.resolve("large.eml");
        byte[] expected = writeRandom(file, 6 * 1024 * 1024);

        long id = store.write(
                tx -> tx.insertMessage(inbox, NewMessage.local(Optional.empty(), T0, Flags.NONE, RawMessage.of(file))));

        RawMessage stored = store.content(id).orElseThrow();
        assertThat(stored.size()).isEqualTo(6 * 1024 * 1024);
        assertThat(sha256(stored)).isEqualTo(expected);
    }

    private static byte[] writeRandom(Path file, int size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
                digest.update(chunk);
            }
        }
        return digest.digest();
    }

    private static byte[] sha256(RawMessage message) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(message.open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ExecutionException(e);
        }
        return digest.digest();
    }
}
